import { describe, expect, it } from 'vitest';
import { findKeywords } from '../../../extension/lib/detect/keywords.ts';
import { labelScore } from '../../../extension/lib/detect/label-score.ts';
import { classifyLink, normalizeOrigins } from '../../../extension/lib/detect/links.ts';
import { classifyToken } from '../../../extension/lib/detect/tokens.ts';

const kinds = (text: string) => findKeywords(text).map((h) => `${h.kind}:${text.slice(h.start, h.end)}`);
const label = (text: string, token: string) => {
  const start = text.indexOf(token);
  return labelScore(text, findKeywords(text), start, start + token.length).score;
};

describe('classifyToken', () => {
  it.each(['SAVE20', 'ALEX-7K2Q', 'Anna2024', 'NORD_K7Q2X', 'BKK100'])('%s looks like a code', (t) => {
    expect(classifyToken(t).code).toBe(true);
  });
  it.each([
    ['Coffee', 'word'], ['btn-primary', 'word'], ['col-md-6', 'slug or class name'], ['500ml', 'measure'],
    ['1920x1080', 'measure'], ['1Z999AA10123456784', 'UPS tracking'], ['JNE0123456789', 'long number'], ['550e8400e29b', 'hex id'],
    ['12-MAR-2024', 'date'], ['RM10', 'amount'], ['FREE', 'shouted word'], ['SHIPPING', 'shouted word'], ['20250511', 'no letter'],
  ])('%s is not a code (%s)', (t, reason) => {
    expect(classifyToken(t)).toEqual({ code: false, reason });
  });
  it('keeps upper-case words apart: codes only with a label right before them', () => {
    expect(classifyToken('SPRING')).toEqual({ code: true, shape: 'upper-word' });
    expect(classifyToken('anna2024')).toEqual({ code: true, shape: 'lower-digits' });
  });
});

describe('findKeywords', () => {
  it('prefers the longest label at a position, so a decoy compound beats its bare "code"', () => {
    expect(kinds('Product code: X')).toEqual(['decoy:Product code']);
    expect(kinds('Code promo : X')).toEqual(['strong:Code promo']);
    expect(kinds('código de rastreio: X')).toEqual(['decoy:código de rastreio']);
  });
  it('matches whole Latin words, Hungarian suffixes, and scripts without spaces', () => {
    expect(kinds('barcode encoded')).toEqual(['decoy:barcode']);
    expect(kinds('Ajánlókódod: PETRA2024')).toEqual(['strong:Ajánlókód']);
    expect(kinds('ใช้โค้ดBKK100รับส่วนลด')).toEqual(['strong:ใช้โค้ด']);
    expect(kinds('あなたの紹介コード：TARO8X2Q')).toEqual(['strong:紹介コード']);
    expect(kinds('Use promo codes today')).toEqual(['strong:promo']);
  });
});

describe('labelScore', () => {
  it('the nearest label decides', () => {
    expect(label('Your referral code: ALEX7K2Q', 'ALEX7K2Q')).toBeGreaterThan(0.5);
    expect(label('Referral program · Order number: NC2025X1', 'NC2025X1')).toBe(-1);
    expect(label('NYAR15 kuponkóddal', 'NYAR15')).toBeGreaterThan(0.4);
  });
  it('a label belongs to the first code after it, unless the codes form a list', () => {
    expect(label('Use code SAVE20 on the new XR200 headphones', 'XR200')).toBeCloseTo(0.55 - 0.35); // "use code" is a strong label, less the penalty
    expect(label('codes: AAA111, BBB222 or CCC333', 'CCC333')).toBeCloseTo(0.4);
  });
});

describe('classifyLink', () => {
  const vouch = normalizeOrigins(['https://go.vouch.example/']);
  const base = 'https://shop.example/page';
  it('recognises Vouch links on the given origins only', () => {
    expect(classifyLink('https://go.vouch.example/r/ALEX-7K2Q', base, vouch)).toMatchObject({ vouch: true, strength: 1 });
    expect(classifyLink('https://other.example/r/ALEX-7K2Q', base, vouch)).toMatchObject({ vouch: false });
  });
  it('reads referral parameters and paths, not traffic tags or subreddits', () => {
    expect(classifyLink('/signup?ref=ALEX20', base, vouch)?.href).toBe('https://shop.example/signup?ref=ALEX20');
    expect(classifyLink('/p/12?ref=grid', base, vouch)).toBeNull();
    expect(classifyLink('/refer/terms', base, vouch)).toBeNull();
    expect(classifyLink('https://www.reddit.com/r/AskReddit', base, vouch)).toBeNull();
    expect(classifyLink('mailto:a@b.example?ref=X', base, vouch)).toBeNull();
  });
  it('takes a code-like last segment of an unknown shape only when the page labels the link', () => {
    expect(classifyLink('https://tokokita.example.id/ajak/BUDI2024', base, vouch)).toBeNull();
    expect(classifyLink('https://tokokita.example.id/ajak/BUDI2024', base, vouch, true)?.strength).toBe(0.3);
  });
});
