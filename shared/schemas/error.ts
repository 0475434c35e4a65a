import * as z from 'zod';

/** The one error envelope every Vouch API answer uses on failure. */
export const ErrorType = z
  .enum([
    'invalid_request_error',
    'authentication_error',
    'permission_error',
    'not_found_error',
    'conflict_error',
    'rate_limit_error',
    'api_error',
  ])
  .describe('Broad class of the error; pick the HTTP handling from it.');

export const ErrorEnvelope = z
  .object({
    error: z.object({
      type: ErrorType,
      code: z.string().describe('Machine-readable reason, e.g. `code_expired`, `route_not_found`.'),
      message: z.string().describe('Human-readable explanation, safe to show to a developer.'),
      param: z.string().optional().describe('The request field the error is about, when there is one.'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
export type ErrorType = z.infer<typeof ErrorType>;
