// The SDK takes its kinds and scales from the shared rules module (importing the shared schema module
// would pull zod into the UI bundle): they must stay equal to what the schema accepts.
import { describe, expect, it } from 'vitest';
import * as shared from '#shared/model/submission.ts';
import * as sdk from '../../../sdk/src/kinds.ts';

describe('SDK kinds', () => {
  it('match the shared submission schema', () => {
    expect(sdk.SURVEY_KINDS).toEqual(shared.SURVEY_KINDS);
    expect(sdk.FEEDBACK_TOPICS).toEqual(shared.FEEDBACK_TOPICS);
    expect(sdk.RESPONSE_KINDS).toEqual(shared.RESPONSE_KINDS);
    expect(sdk.SCALES).toEqual(shared.SCALES);
    for (const k of [...shared.RESPONSE_KINDS, 'other']) expect(sdk.isSurveyKind(k)).toBe(shared.isSurveyKind(k));
  });
});
