// Reading a policy file into the policy editor: the JSON that `kehu risk --calibrate --policy-out`
// (or `npm run eval:risk`'s calibration) writes, which is a whole policy version. The file is
// untrusted input: it is parsed and checked by the shared Policy schema, and what it would change is
// listed setting by setting against the policy in force. Nothing is applied here: the editor shows
// the differences, and the rep applies them to the form (then previews, backtests, saves) or not.
import { Policy } from '#shared/model/policy.ts';
import { policyValue } from '../policy-labels.ts';

/** One setting the file would change. */
export interface PolicyImportChange {
  path: string;
  from: number | string;
  to: number | string;
}

export type PolicyImportResult =
  | { ok: true; policy: Policy; changes: PolicyImportChange[] }
  /** Each problem names the field path in the file (empty for the whole file), with the schema's code. */
  | { ok: false; problems: PolicyFileProblem[] };

export interface PolicyFileProblem {
  field: string;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

/** Files larger than this are not a policy (a policy is a few kilobytes). */
export const POLICY_FILE_MAX_BYTES = 256 * 1024;

/**
 * Parse a policy file's text and list what it changes against `current`, for the editable `paths`
 * (dotted, as the editor shows them) and the alert level.
 */
export function readPolicyFile(text: string, current: Policy, paths: readonly string[]): PolicyImportResult {
  if (text.length > POLICY_FILE_MAX_BYTES) return tooBig();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ field: '', message: (e as Error).message, code: 'policy_file_not_json' }] };
  }
  const parsed = Policy.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        field: i.path.join('.'),
        message: i.message,
        code: i.code,
        params: issueParams(i),
      })),
    };
  }
  const policy = parsed.data;
  const changes: PolicyImportChange[] = [];
  for (const path of paths) {
    const from = policyValue(current, path);
    const to = policyValue(policy, path);
    if (from !== undefined && to !== undefined && from !== to) changes.push({ path, from, to });
  }
  if (policy.alertMinLevel !== current.alertMinLevel)
    changes.push({ path: 'alertMinLevel', from: current.alertMinLevel, to: policy.alertMinLevel });
  return { ok: true, policy, changes };
}

/** The answer for a file too large to be a policy (checked before it is read). */
export function tooBig(): PolicyImportResult {
  return {
    ok: false,
    problems: [
      {
        field: '',
        message: 'too large for a policy file',
        code: 'policy_file_too_big',
        params: { kb: POLICY_FILE_MAX_BYTES / 1024 },
      },
    ],
  };
}

function issueParams(issue: unknown): Record<string, string | number> {
  const i = issue as Record<string, unknown>;
  const out: Record<string, string | number> = {};
  for (const k of ['minimum', 'maximum', 'origin'] as const) {
    const v = i[k];
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  }
  if (Array.isArray(i.values)) out.values = i.values.join(', ');
  return out;
}
