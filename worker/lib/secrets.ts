import type { SecretProblem } from '../../shared/schemas/health.ts';

/** Secrets shorter than this are weak: 32 random characters are far beyond guessing. */
const MIN_SECRET_LENGTH = 32;
// Values copied from examples and docs, or typed to get going: public, so no key at all.
const PLACEHOLDER = new RegExp(
  ['replace[-_ ]?me', 'change[-_ ]?(me|it|this)', 'your[-_ ]', 'example', 'placeholder', 'secret[-_ ]?here'].join('|') +
    '|^(x+|test|secret|password|todo)$',
  'i',
);
// A long run of one or two characters ("aaaa…", "abab…") passes a length check but not this.
const MIN_DISTINCT_CHARACTERS = 10;

/**
 * Production unless VOUCH_ENV says `development` or `test`: a deployed Worker whose vars were
 * lost or mistyped must not relax any check.
 */
export function isProduction(env: { readonly VOUCH_ENV?: string }): boolean {
  const value = String(env.VOUCH_ENV ?? '');
  return value !== 'development' && value !== 'test';
}

export function isWeakSecret(value: string): boolean {
  return value.length < MIN_SECRET_LENGTH || new Set(value).size < MIN_DISTINCT_CHARACTERS || PLACEHOLDER.test(value);
}

const HOW_TO_SET = (name: string) =>
  `Set it with \`wrangler secret put ${name}\` to a random string of at least ${MIN_SECRET_LENGTH} characters ` +
  '(e.g. `openssl rand -base64 48`); see docs/SECURITY.md.';

function problemOf(name: SecretProblem['secret'], value: string | undefined, required: boolean): SecretProblem | null {
  if (!value) {
    const message = `The ${name} secret is not set. ${HOW_TO_SET(name)}`;
    return required ? { secret: name, problem: 'missing', message } : null;
  }
  if (!isWeakSecret(value)) return null;
  const message = `The ${name} secret is too weak (short, repetitive or a placeholder). ${HOW_TO_SET(name)}`;
  return { secret: name, problem: 'weak', message };
}

/** HASH_SECRET keys every hash and seal: required. ADMIN_TOKEN may be unset (bootstrap off), never weak. */
export function hashSecretProblem(env: { readonly HASH_SECRET?: string }): SecretProblem | null {
  return problemOf('HASH_SECRET', env.HASH_SECRET, true);
}

export function adminTokenProblem(env: { readonly ADMIN_TOKEN?: string }): SecretProblem | null {
  return problemOf('ADMIN_TOKEN', env.ADMIN_TOKEN, false);
}

/**
 * HASH_SECRET_PREVIOUS may be unset (no rotation under way), never weak: it verifies cookies and
 * opens sealed values, so a guessable one would let anyone forge them. Production ignores a weak one.
 */
function previousHashSecretProblem(env: { readonly HASH_SECRET_PREVIOUS?: string }): SecretProblem | null {
  const problem = problemOf('HASH_SECRET_PREVIOUS', env.HASH_SECRET_PREVIOUS, false);
  // Setting a new value is no fix here (it must be the old key): say what production does instead.
  const message = 'HASH_SECRET_PREVIOUS is weak: production ignores it. Delete it; see docs/SECURITY.md.';
  return problem && { ...problem, message };
}

// Optional: an unset secret is one of the problems reported, never a type error for partial bindings.
type SecretEnv = { readonly [K in 'HASH_SECRET' | 'ADMIN_TOKEN' | 'HASH_SECRET_PREVIOUS']?: string };

export function secretProblems(env: SecretEnv): SecretProblem[] {
  return [hashSecretProblem(env), previousHashSecretProblem(env), adminTokenProblem(env)].filter((p) => p !== null);
}
