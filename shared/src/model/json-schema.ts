// JSON Schema (draft 2020-12) for the bodies that cross the network, generated from the zod
// schemas so the collector's OpenAPI document can never drift from what is validated.
import * as z from 'zod';
import { Submission } from './submission.ts';
import { Change, PullResponse, PushBody, PushResponse, SyncRecord } from './sync.ts';

export function networkJsonSchemas(): Record<string, unknown> {
  const io = { io: 'input', unrepresentable: 'any' } as const;
  return {
    Submission: z.toJSONSchema(Submission, io),
    SyncRecord: z.toJSONSchema(SyncRecord, io),
    Change: z.toJSONSchema(Change, { unrepresentable: 'any' }),
    PushBody: z.toJSONSchema(PushBody, io),
    PushResponse: z.toJSONSchema(PushResponse, { unrepresentable: 'any' }),
    PullResponse: z.toJSONSchema(PullResponse, { unrepresentable: 'any' }),
  };
}
