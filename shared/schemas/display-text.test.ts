import { describe, expect, it } from 'vitest';
import { DisplayText } from './common.ts';

const name = DisplayText(40);
const notes = DisplayText(200, { multiline: true });

describe('DisplayText', () => {
  it('keeps ordinary names in any script, trimmed, with emoji and direction marks', () => {
    for (const ok of ['Alice', 'Zoë Müller', 'محمد', 'שרה', '山田 太郎', 'Ana 🚀', 'नमस्ते', 'Jean\u200Fe', 'a\u200Db']) {
      expect(name.parse(ok), ok).toBe(ok);
    }
    expect(name.parse('  Bob  ')).toBe('Bob');
  });

  it.each([
    ['a NUL', 'Al\u0000ice'],
    ['a newline', 'Al\nice'],
    ['a tab', 'Al\tice'],
    ['an escape sequence', 'Alice\u001B[31m'],
    ['DEL', 'Ali\u007Fce'],
    ['a C1 control', 'Ali\u0085ce'],
    ['a line separator', 'Ali\u2028ce'],
    ['RIGHT-TO-LEFT OVERRIDE', 'Alice\u202Egnp.exe'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202AAlice'],
    ['POP DIRECTIONAL FORMATTING', 'Alice\u202C'],
    ['RIGHT-TO-LEFT ISOLATE', 'Alice\u2067x'],
    ['FIRST STRONG ISOLATE', '\u2068Alice'],
    ['POP DIRECTIONAL ISOLATE', 'Alice\u2069'],
  ])('refuses %s', (_, value) => {
    const result = name.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/control characters or bidirectional overrides/);
  });

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a BOM and a zero-width joiner', '\uFEFF\u200D'],
    ['a soft hyphen', '\u00AD'],
    ['Hangul fillers', '\u3164\u115F'],
    ['a blank Braille pattern', '\u2800'],
    ['direction marks alone', '\u200E\u200F'],
    ['a word joiner between blanks', ' \u2060 '],
  ])('refuses text that is only invisible: %s', (_, value) => {
    const result = name.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(' ')).toMatch(/visible characters|too small|>=1/i);
  });

  it('refuses empty and blank text, and text over the limit', () => {
    for (const bad of ['', '   ', 'x'.repeat(41)]) expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('multi-line text keeps line breaks and tabs, but not other controls or overrides', () => {
    expect(notes.parse('Line one\nLine two\r\n\tindented')).toBe('Line one\nLine two\r\n\tindented');
    for (const bad of ['a\u0000b', 'a\u001Bb', 'a\u202Eb', 'a\u2066b', '\u200B\n\u200B']) {
      expect(notes.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
