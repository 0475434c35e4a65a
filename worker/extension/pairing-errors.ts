import { ApiError } from '../errors/api-error.ts';

/** The refusals of the pairing steps, one wording wherever they come from. */
export const pairingErrors = {
  notFound: () =>
    new ApiError(
      'not_found_error',
      'pairing_not_found',
      'No pairing with this code: check it, or start a new pairing in the extension.',
    ),
  expired: () =>
    new ApiError('not_found_error', 'pairing_expired', 'This pairing has expired: start a new one in the extension.', {
      status: 410,
    }),
  revoked: () =>
    new ApiError(
      'not_found_error',
      'pairing_revoked',
      'The shop revoked this advocate\u2019s extension access after this pairing was made: ask ' +
        'the shop for a new pairing link, or start a new pairing in the extension.',
      { status: 410 },
    ),
  alreadyConfirmed: () =>
    new ApiError(
      'conflict_error',
      'pairing_already_confirmed',
      'This code was already confirmed: start a new pairing in the extension.',
    ),
  notEnrolled: () =>
    new ApiError(
      'invalid_request_error',
      'not_enrolled',
      'This customer is not an advocate of the program yet: join first (POST ' +
        '/v1/public/session with `enroll: true`), then confirm the code.',
      {
        status: 422,
      },
    ),
  suspended: () =>
    new ApiError(
      'permission_error',
      'advocate_suspended',
      'This advocate is suspended: their links and the extension do not work.',
    ),
};
