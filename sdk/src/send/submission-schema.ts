// The submission's JSON Schema, generated from the shared zod schema (shared/src/model/submission.ts),
// its single source. sdk/build.mjs runs this module at build time and ships only its result, a JSON
// literal, in kehu-send.mjs: zod itself never reaches a site's page. Tests import it as it is.
import * as z from 'zod/mini';
import { Submission } from '../../../shared/src/model/submission.ts';
import { JSON_SCHEMA_KEYWORDS, type JsonSchema } from './json-schema.ts';

/** Words the checker can skip: annotations, and `format` where a `pattern` says the same. */
const IGNORED = new Set(['$schema', 'description', 'title', 'format']);
const KNOWN = new Set<string>(JSON_SCHEMA_KEYWORDS);

/**
 * The schema with what the checker does not need left out (annotations, integer bounds that only
 * restate "a safe integer"), refusing any keyword the checker does not know: a change to the shared
 * schema that the SDK cannot check fails the build instead of letting answers through unchecked.
 */
export function slim(schema: Record<string, unknown>, where = 'Submission'): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' && typeof schema.pattern !== 'string')
      throw new Error(`${where}: format "${value}" without a pattern; sdk/src/send/json-schema.ts cannot check it`);
    if (IGNORED.has(key)) continue;
    if (!KNOWN.has(key)) throw new Error(`${where}: sdk/src/send/json-schema.ts does not check the JSON Schema keyword "${key}"`);
    if (
      schema.type === 'integer' &&
      (key === 'minimum' || key === 'maximum') &&
      Math.abs(value as number) === Number.MAX_SAFE_INTEGER
    )
      continue;
    if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([k, v]) => [k, slim(v, `${where}.${k}`)]),
      );
    else if (key === 'anyOf') out[key] = (value as Record<string, unknown>[]).map((v, i) => slim(v, `${where}.anyOf[${i}]`));
    else if (key === 'items' || key === 'propertyNames' || key === 'additionalProperties')
      out[key] = slim(value as Record<string, unknown>, `${where}.${key}`);
    else out[key] = value;
  }
  return out as JsonSchema;
}

export const SUBMISSION_SCHEMA: JsonSchema = slim(
  z.toJSONSchema(Submission, { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>,
);
