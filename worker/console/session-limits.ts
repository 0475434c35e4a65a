import { ApiError } from '../errors/api-error.ts';

/**
 * What a console session (8 hours, from a console link) may not do although it stands for the
 * secret key: mint anything that outlives it (the secret key, the widget signing secret, another
 * console link). Otherwise whoever holds a session could keep the merchant's account for good.
 */
export function consoleSessionRefused(action: string): ApiError {
  return new ApiError(
    'permission_error',
    'console_session_not_allowed',
    `${action} needs the secret key (sk_…) itself, not a console session.`,
  );
}
