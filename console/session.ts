/**
 * The console's credential: a secret key or a `cst_` session token, in sessionStorage only (this
 * tab, gone when it closes; never localStorage), removed on sign-out.
 */
const KEY = 'vouch_console_credential';

export function readCredential(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeCredential(value: string): void {
  sessionStorage.setItem(KEY, value);
}

export function clearCredential(): void {
  sessionStorage.removeItem(KEY);
}

/** The `csl_` token of a console link (`#link=csl_…`), if the page was opened with one. */
export function linkFromHash(hash: string): string | null {
  const match = /(?:^#|&)link=(csl_[0-9A-Za-z]{43})(?:&|$)/.exec(hash);
  return match ? match[1]! : null;
}

export const looksLikeSecretKey = (value: string) => /^sk_(test|live)_[0-9A-Za-z]{38}$/.test(value.trim());
