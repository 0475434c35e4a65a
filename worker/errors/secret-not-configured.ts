import type { SecretProblem } from '../../shared/schemas/health.ts';
import { ApiError } from './api-error.ts';

/**
 * A production Worker missing a secret it needs, or holding a weak one: the request is refused
 * (503, retry once the operator has set it) rather than served with a guessable key.
 */
export function secretNotConfigured(problem: SecretProblem): ApiError {
  return new ApiError('api_error', 'secret_not_configured', problem.message, { status: 503 });
}
