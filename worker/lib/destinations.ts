import type { Merchant } from '../../shared/schemas/merchant.ts';
import { checkDestination } from '../../shared/urls.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Mode } from '../tenant.ts';

const REASONS = {
  invalid_url: 'is not a valid URL',
  scheme_not_allowed: 'must use https (http only for localhost in test mode)',
  credentials_not_allowed: 'must not contain a user name or password',
  host_not_allowed: "is not on the merchant's allowed hosts",
} as const;

/** Every URL a program may send visitors to must pass the merchant's allow-list (422 if not). */
export function assertDestinations(
  urls: Record<string, string | null | undefined>,
  merchant: Merchant,
  mode: Mode,
): void {
  for (const [param, value] of Object.entries(urls)) {
    if (value === null || value === undefined) continue;
    const verdict = checkDestination(value, merchant.allowed_hosts, { testMode: mode === 'test' });
    if (!verdict.ok) {
      throw new ApiError(
        'invalid_request_error',
        'destination_not_allowed',
        `${param} ${REASONS[verdict.reason!]}. Allowed hosts: ${merchant.allowed_hosts.join(', ') || 'none'}.`,
        {
          status: 422,
          param,
        },
      );
    }
  }
}
