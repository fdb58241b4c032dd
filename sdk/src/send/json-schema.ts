// A small JSON Schema checker: the keywords z.toJSONSchema writes for the submission, nothing more.
// It runs in the send chunk on every site's page instead of zod (a tenth of the bytes). Strings are
// measured in UTF-16 code units and integers must be safe integers, as zod measures them, so that
// the SDK and the collector agree on every answer (tests/unit/sdk/check.test.ts compares the two).

/** The keywords `checkJson` knows; sdk/src/send/submission-schema.ts refuses a schema with others. */
export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema;
  anyOf?: readonly JsonSchema[];
}

export const JSON_SCHEMA_KEYWORDS: readonly (keyof JsonSchema)[] = [
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'items',
  'properties',
  'required',
  'propertyNames',
  'additionalProperties',
  'anyOf',
];

const isType: Record<NonNullable<JsonSchema['type']>, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isSafeInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
};

/** A problem: the path to the value, what is wrong, and whether the value was of the wrong type or missing. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
  /** The value had the wrong type, was missing or not one of the allowed values: nothing else could be checked. */
  fatal?: boolean;
}

/** Every problem of `value` against `schema`; empty when it is valid. */
export function checkJson(schema: JsonSchema, value: unknown, path: (string | number)[] = []): JsonProblem[] {
  const out: JsonProblem[] = [];
  const fail = (message: string, fatal?: boolean) => out.push({ path, message, fatal });
  const at = (key: string | number) => [...path, key];
  /** A length, size or count within the schema's bounds. */
  const within = (n: number, min: number | undefined, max: number | undefined, unit: string) => {
    if (n < (min ?? n)) fail(`at least ${min}${unit}`);
    if (n > (max ?? n)) fail(`at most ${max}${unit}`);
  };
  if (schema.anyOf) {
    if (!schema.anyOf.some((s) => !checkJson(s, value, path).length)) fail('matches none of the allowed forms', true);
  } else if (schema.type && !isType[schema.type](value)) fail(`expected ${schema.type}`, true);
  else if (schema.enum && !schema.enum.includes(value)) fail(`expected one of ${schema.enum.join(', ')}`, true);
  else if (typeof value === 'string') {
    within(value.length, schema.minLength, schema.maxLength, ' characters');
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) fail('has the wrong form');
  } else if (typeof value === 'number') within(value, schema.minimum, schema.maximum, '');
  else if (Array.isArray(value)) {
    within(value.length, schema.minItems, schema.maxItems, ' items');
    const items = schema.items;
    if (items) value.forEach((v, i) => void out.push(...checkJson(items, v, at(i))));
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (record[key] === undefined) out.push({ path: at(key), message: 'required', fatal: true });
    for (const [key, v] of Object.entries(record)) {
      const known = schema.properties?.[key];
      // Optional fields may be given as undefined (the zod schema takes that too); JSON has no undefined.
      if (known) {
        if (v !== undefined) out.push(...checkJson(known, v, at(key)));
      } else {
        if (schema.propertyNames) out.push(...checkJson(schema.propertyNames, key, at(key)));
        if (schema.additionalProperties) out.push(...checkJson(schema.additionalProperties, v, at(key)));
      }
    }
  }
  return out;
}
