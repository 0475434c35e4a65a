/**
 * Referral codes as people type, paste and share them: matched case-insensitively after trimming,
 * Unicode NFKC and removal of zero-width characters. Used by the Worker, widget and extension.
 */
// Generated codes avoid look-alikes (0/O, 1/I/L) and U (accidental words).
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,30}[A-Z0-9]$/;

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

function normalizeCode(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').trim().toUpperCase();
}

/** The normalised code when it is a valid code (3-32 of A-Z, 0-9, _ and -), else null. */
export function parseCode(raw: string): string | null {
  // Already canonical (the common case for links we generated): no normalisation to do.
  if (CODE_PATTERN.test(raw)) return raw;
  const code = normalizeCode(raw);
  return CODE_PATTERN.test(code) ? code : null;
}
