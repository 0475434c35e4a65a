import { describe, expect, it } from 'vitest';
import { luminance, PALETTES, textOn, themeCss } from './theme.ts';

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('colours (WCAG 2.2 AA)', () => {
  for (const [name, p] of Object.entries(PALETTES)) {
    it(`${name}: text, muted text and errors reach 4.5:1 on the surface and the soft background; lines 3:1`, () => {
      for (const fg of [p.text, p.muted, p.err]) {
        expect(contrast(fg, p.surface), `${fg} on ${p.surface}`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(fg, p.soft), `${fg} on ${p.soft}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast(p.line, p.surface)).toBeGreaterThanOrEqual(3);
    });
  }

  it('text on any brand colour reaches 4.5:1 (white or black, whichever reads better)', () => {
    for (let i = 0; i < 4096; i++) {
      const hex = `#${[i >> 8, (i >> 4) & 15, i & 15].map((c) => (c * 17).toString(16).padStart(2, '0')).join('')}`;
      expect(contrast(hex, textOn(hex)), hex).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn('#5b3df5')).toBe('#ffffff');
    expect(textOn('#ffd84d')).toBe('#000000');
  });

  it('accepts only hex colours into the stylesheet', () => {
    expect(themeCss('#5b3df5')).toBe(':host{--vouch-brand:#5b3df5;--vouch-on-brand:#ffffff}');
    expect(themeCss('red;}body{display:none')).toBe('');
  });
});
