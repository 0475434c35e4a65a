/** The locales with a catalog; anything else negotiates down to one of these or to English. */
export const LOCALES = [
  'en',
  'ms',
  'id',
  'fa',
  'th',
  'hu',
  'es',
  'fr',
  'de',
  'pt-BR',
  'ar',
  'he',
  'ja',
  'zh-CN',
] as const;
export type Locale = (typeof LOCALES)[number];

// Bare languages whose only catalog is a regional one, and retired ISO codes browsers still send.
const ALIASES: Record<string, Locale> = {
  pt: 'pt-BR',
  zh: 'zh-CN',
  in: 'id',
  iw: 'he',
  'zh-hans': 'zh-CN',
  'zh-sg': 'zh-CN',
  'zh-my': 'zh-CN',
};
// Traditional Chinese readers are better served by the next preference than by simplified text.
const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/;

const find = (key: string): Locale | undefined => ALIASES[key] ?? LOCALES.find((l) => l.toLowerCase() === key);

function match(tag: string): Locale | undefined {
  const lower = tag.trim().replace(/_/g, '-').toLowerCase();
  const parts = lower.split('-');
  // Exact (or an alias), else unless Traditional Chinese: language-region, then language.
  return find(lower) ?? (TRADITIONAL.test(lower) ? undefined : (find(parts.slice(0, 2).join('-')) ?? find(parts[0]!)));
}

/** First supported of: data-locale, <html lang>, navigator.languages; else English. */
export function negotiateLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const found = c ? match(c) : null;
    if (found) return found;
  }
  return 'en';
}

// Only languages with a catalog (and Hebrew's old code): no other ever reaches the widget.
const RTL = /^(ar|fa|he|iw)(-|$)/i;
export const isRtl = (locale: string): boolean => RTL.test(locale);
