// The one shape of every error answer: {error: code, message, fields?}. The codes and their words
// (zh-CN, en) are in shared/src/i18n/collector-errors.ts; clients say the code, not the message.
import * as z from 'zod';
import { COLLECTOR_ERROR_CODES } from '#shared/i18n/collector-errors.ts';

export const ErrorBody = z.object({
  error: z
    .enum(COLLECTOR_ERROR_CODES)
    .meta({ description: 'a stable code; clients show its words (zh-CN, en), not the message' }),
  message: z.string().meta({ description: 'in English, for logs and people reading raw answers' }),
  fields: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.string().optional().meta({ description: "zod's issue code, when the message is zod's own" }),
        params: z
          .record(z.string(), z.unknown())
          .optional()
          .meta({ description: "the issue's parameters (minimum, expected, …)" }),
      }),
    )
    .optional(),
});
