import type { Enrollment } from '../../shared/schemas/advocate.ts';
import { ApiError } from '../errors/api-error.ts';
import { checkVanityCode, generateCodes } from '../lib/code-generator.ts';

/** What happened to the vanity code asked for. */
export type RequestedCode = NonNullable<Enrollment['requested_code']>;

const GENERATED_CANDIDATES = 4;
/** Rounds of candidates tried before giving up (each round is one script, all candidates in it). */
export const CODE_ATTEMPTS = 3;

/**
 * The codes to try for an advocate: the vanity code first (when valid and allowed, first round
 * only), then generated ones from their name; and what to report about the vanity code asked for.
 */
export function codeCandidates(requested: string | undefined, name: string | undefined) {
  const vanity = requested === undefined ? undefined : checkVanityCode(requested);
  const first = vanity?.ok ? [vanity.code] : [];
  return {
    list: (attempt: number) => [...(attempt === 0 ? first : []), ...generateCodes(name, GENERATED_CANDIDATES)],
    report: (chosen: string): RequestedCode | undefined => {
      if (requested === undefined) return undefined;
      if (!vanity?.ok) return { code: requested.slice(0, 64), accepted: false, reason: vanity!.reason };
      return chosen === vanity.code
        ? { code: vanity.code, accepted: true }
        : { code: vanity.code, accepted: false, reason: 'taken' };
    },
  };
}

/** Every round found its codes taken. The API can ask for a vanity code; the widget cannot. */
export function codeSpaceExhausted(vanityAllowed: boolean): ApiError {
  const hint = vanityAllowed ? 'try again or request a vanity code.' : 'try again.';
  return new ApiError('conflict_error', 'code_space_exhausted', `Could not find a free code; ${hint}`);
}
