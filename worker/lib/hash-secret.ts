import { secretNotConfigured } from '../errors/secret-not-configured.ts';
import { hashSecretProblem, isProduction, isWeakSecret } from './secrets.ts';

/**
 * What the key of hashes and seals needs from the bindings. VOUCH_ENV and HASH_SECRET_PREVIOUS are
 * optional in the type so narrow callers keep compiling; absent at run time, VOUCH_ENV means production.
 */
export type HashSecretEnv = Pick<Env, 'HASH_SECRET'> & Partial<Pick<Env, 'VOUCH_ENV' | 'HASH_SECRET_PREVIOUS'>>;

// Public on purpose: only ever used outside production, where it is announced on the console.
const DEVELOPMENT_FALLBACK = 'vouch-development-only-unkeyed';

type Resolved = { kind: 'ok'; secrets: readonly [string, ...string[]] } | { kind: 'refused'; error: Error };

// Resolved once per bindings object, as lib/config.ts parses the vars: the redirect asks on every request.
const memo = new WeakMap<HashSecretEnv, Resolved>();

function resolve(env: HashSecretEnv): Resolved {
  const problem = hashSecretProblem(env);
  if (problem && isProduction(env)) return { kind: 'refused', error: secretNotConfigured(problem) };
  if (problem?.problem === 'missing') {
    const what = 'hashes and sealed secrets use a public development key';
    console.warn(`[vouch] HASH_SECRET is not set: ${what}. ${problem.message}`);
  }
  const current = env.HASH_SECRET || DEVELOPMENT_FALLBACK;
  // A weak previous key is a guessable one: in production it verifies and opens nothing (/health says so).
  const previous = env.HASH_SECRET_PREVIOUS;
  const usable = previous && previous !== current && !(isProduction(env) && isWeakSecret(previous));
  return { kind: 'ok', secrets: usable ? [current, previous] : [current] };
}

function resolved(env: HashSecretEnv): Resolved {
  let found = memo.get(env);
  if (!found) {
    found = resolve(env);
    memo.set(env, found);
  }
  return found;
}

/**
 * The key for new hashes, signatures and seals (HASH_SECRET). In production a missing or weak
 * secret throws `secret_not_configured` (503) instead of falling back to a constant.
 */
export function hashSecret(env: HashSecretEnv): string {
  return hashSecrets(env)[0];
}

/**
 * Every key a stored value may have been made with, newest first: HASH_SECRET, then
 * HASH_SECRET_PREVIOUS while a rotation is under way. Opening and verifying try them in order.
 */
export function hashSecrets(env: HashSecretEnv): readonly [string, ...string[]] {
  const result = resolved(env);
  if (result.kind === 'refused') throw result.error;
  return result.secrets;
}
