// The check of every answer against the shared submission schema, before it is sent.
import { config } from 'zod/mini';
import { Submission } from '../../../shared/src/model/submission.ts';

/** Problems as `path: message`; empty when the submission is valid. */
export function checkSubmission(value: unknown): string[] {
  // zod's fast path compiles parsers with `new Function`, which a strict CSP reports as a violation
  // even when zod falls back. Parse without it, and leave the page's own zod setting as it was.
  const global = config();
  const before = global.jitless;
  global.jitless = true;
  try {
    const r = Submission.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || 'submission'}: ${i.message}`);
  } finally {
    global.jitless = before;
  }
}
