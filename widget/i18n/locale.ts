/** The locales with a catalog; anything else negotiates down to one of these or to English. */
export const LOCALES = ['en', 'ms', 'id', 'fa', 'th', 'hu', 'es', 'fr', 'de', 'pt-BR', 'ar', 'he', 'ja', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

// Bare languages whose only catalog is a regional one, and retired ISO codes browsers still send.
const ALIASES: Record<string, Locale> = { pt: 'pt-BR', zh: 'zh-CN', in: 'id', iw: 'he', 'zh-hans': 'zh-CN', 'zh-sg': 'zh-CN', 'zh-my': 'zh-CN' };
// Traditional Chinese readers are better served by the next preference than by simplified text.
const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/;

function match(tag: string): Locale | null {
  const lower = tag.trim().replace(/_/g, '-').toLowerCase();
  if (!lower) return null;
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  if (TRADITIONAL.test(lower)) return null;
  for (const key of [lower.split('-').slice(0, 2).join('-'), lower.split('-')[0]!]) {
    if (ALIASES[key]) return ALIASES[key];
    const base = LOCALES.find((l) => l === key);
    if (base) return base;
  }
  return null;
}

/** First supported of: data-locale, <html lang>, navigator.languages; else English. */
export function negotiateLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const found = c ? match(c) : null;
    if (found) return found;
  }
  return 'en';
}

const RTL = /^(ar|fa|he|iw|ur|ps|yi|dv|ckb|sd|ug)(-|$)/i;
export const isRtl = (locale: string): boolean => RTL.test(locale);
