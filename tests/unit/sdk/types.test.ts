// The published declarations (sdk/kehu.d.ts) are hand-written so that the package has no
// dependency; this keeps them equal to the shared zod schema. Checked by `tsc` (npm test's
// typecheck) and at run time by vitest's expectTypeOf.
import { describe, expectTypeOf, it } from 'vitest';
import type { ResponseKind as SharedKind, Submission as SharedSubmission } from '#shared/model/submission.ts';
import type { KehuErrorCode, ResponseKind, Submission } from '../../../sdk/kehu.d.ts';

describe('kehu.d.ts', () => {
  it('declares the submission exactly as the shared schema infers it', () => {
    expectTypeOf<ResponseKind>().toEqualTypeOf<SharedKind>();
    expectTypeOf<Submission>().toEqualTypeOf<SharedSubmission>();
  });

  it('names every error code the SDK emits', () => {
    expectTypeOf<'config' | 'load' | 'rejected' | 'limit' | 'spam' | 'invalid'>().toEqualTypeOf<KehuErrorCode>();
  });
});
