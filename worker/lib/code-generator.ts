import { CODE_ALPHABET, parseCode } from '../../shared/codes.ts';
import { randomChars } from './crypto.ts';
import { containsOffensiveWord } from './offensive-words.ts';

/** Up to six letters of the advocate's name (ASCII-folded), so codes read like ALICE7KQ2. */
function namePrefix(name: string | undefined): string {
  if (!name) return '';
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 6);
}

/** `count` fresh candidate codes (crypto randomness, confusable-free alphabet, no bad words). */
export function generateCodes(name: string | undefined, count: number): string[] {
  const fromName = namePrefix(name);
  const prefix = containsOffensiveWord(fromName) ? '' : fromName;
  const out: string[] = [];
  while (out.length < count) {
    const code = prefix.length >= 3 ? `${prefix}${randomChars(CODE_ALPHABET, 4)}` : randomChars(CODE_ALPHABET, 8);
    if (!containsOffensiveWord(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

export type VanityVerdict = { ok: true; code: string } | { ok: false; reason: 'invalid' | 'not_allowed' };

export function checkVanityCode(raw: string): VanityVerdict {
  const code = parseCode(raw);
  if (!code) return { ok: false, reason: 'invalid' };
  if (containsOffensiveWord(code)) return { ok: false, reason: 'not_allowed' };
  return { ok: true, code };
}
