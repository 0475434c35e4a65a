import { en, type MessageKey, type Messages } from './en.ts';

export const LOCALES = ['en', 'ms', 'id', 'fa', 'th', 'hu'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ms: 'Bahasa Melayu',
  id: 'Bahasa Indonesia',
  fa: 'فارسی',
  th: 'ไทย',
  hu: 'Magyar',
};
const RTL = new Set<Locale>(['fa']);

// Each catalog is its own chunk, with zod's messages in that language (English ships in the bundle).
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: Messages; zodLocale: () => object }>> = {
  ms: () => import('./ms.ts'),
  id: () => import('./id.ts'),
  fa: () => import('./fa.ts'),
  th: () => import('./th.ts'),
  hu: () => import('./hu.ts'),
};

let current: { locale: Locale; messages: Messages; zod: (() => object) | null } = {
  locale: 'en',
  messages: en,
  zod: null,
};

/** zod's messages in the current language (null: zod's own English); applied where forms validate. */
export const zodLocale = () => current.zod;

/** The first supported language of the list (a region falls back to its language), else English. */
export function negotiate(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lang = tag.toLowerCase().split('-')[0] as Locale;
    if ((LOCALES as readonly string[]).includes(lang)) return lang;
  }
  return 'en';
}

export function interpolate(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return interpolate(current.messages[key] ?? en[key], vars);
}

export const locale = (): Locale => current.locale;
const isRtl = (l: Locale = current.locale) => RTL.has(l);

/** Loads and applies a catalog and the document's language and direction. */
export async function setLocale(next: Locale): Promise<void> {
  if (next === 'en') current = { locale: 'en', messages: en, zod: null };
  else {
    const mod = await LOADERS[next]();
    current = { locale: next, messages: mod.messages, zod: mod.zodLocale };
  }
  document.documentElement.lang = next;
  document.documentElement.dir = isRtl(next) ? 'rtl' : 'ltr';
}
