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

  it('keeps joiners inside words and emoji sequences, variation selectors and the tagged flags', () => {
    const ok = [
      'لا\u200Dم', // Arabic with a zero-width joiner inside the word
      'क्\u200Dष', // Hindi (Devanagari) with ZWJ inside a word
      'र्\u200Cय', // and with ZWNJ
      'می\u200Cخواهم', // Persian/Arabic script with ZWNJ
      '👩\u200D💻 Dev', // ZWJ emoji sequence
      '👨\u200D👩\u200D👧', // family: joiners only between visible emoji
      '❤\uFE0F Ana', // variation selector FE0F after a visible character
      'Hamish \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // Scotland's flag
    ];
    for (const value of ok) expect(name.parse(value), JSON.stringify(value)).toBe(value);
  });

  it.each([
    ['tag characters in a name', 'Alice\u{E0041}\u{E0042}'],
    ['tag characters alone', '\u{E0041}\u{E0042}'],
    ['a cancel tag', 'Bob\u{E007F}'],
    ['a tag-spelled text after a flag', '\u{1F3F4}\u{E0061}\u{E0062}\u{E0063}\u{E007F}'],
  ])('refuses %s anywhere (they can hide text)', (_, value) => {
    expect(name.safeParse(value).success).toBe(false);
    expect(notes.safeParse(value).success).toBe(false);
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
    ['a variation selector supplement', '\u{E0100}'],
    ['a musical-symbol format control', '\u{1D173}'],
    ['a shorthand format control', '\u{1BCA0}'],
    ['an interlinear annotation anchor', '\uFFF9'],
    ['a Mongolian vowel separator', '\u180E'],
    ['an invisible separator and a Khmer vowel', '\u2063\u17B4'],
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
