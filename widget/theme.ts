/**
 * Colours: WCAG 2.2 contrast (>= 4.5:1 for text) holds for both palettes (checked in
 * theme.test.ts), and the text on the merchant's brand colour is whichever of white or black
 * reads better: one of them always reaches 4.58:1, whatever the brand.
 */
export const PALETTES = {
  light: { surface: '#ffffff', text: '#1a1a2e', muted: '#4f4f63', line: '#84849a', soft: '#f3f3f7', err: '#b3261e' },
  dark: { surface: '#1c1c26', text: '#f2f2f7', muted: '#c0c0cc', line: '#7c7c8e', soft: '#2a2a36', err: '#ffb4ab' },
};

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb` (exported for the contrast test). */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

// White reads at least as well as black when 1.05 / (L + 0.05) >= (L + 0.05) / 0.05.
export const textOn = (brand: string): string => ((luminance(brand) + 0.05) ** 2 <= 0.0525 ? '#ffffff' : '#000000');

const HEX = /^#[0-9a-f]{6}$/i;

/** The per-program custom properties, as a rule for the widget's second adopted stylesheet. */
export function themeCss(brand: string | undefined): string {
  if (!brand || !HEX.test(brand)) return '';
  return `:host{--vouch-brand:${brand};--vouch-on-brand:${textOn(brand)}}`;
}

export function paletteCss(): string {
  const vars = (p: Record<string, string>) =>
    Object.entries(p)
      .map(([k, v]) => `--${k.slice(0, 2)}:${v}`)
      .join(';');
  return (
    `.v{${vars(PALETTES.light)}}.t-dark{${vars(PALETTES.dark)}}` +
    `@media(prefers-color-scheme:dark){.t-auto{${vars(PALETTES.dark)}}}`
  );
}
