import type { MessageKey, Messages } from './en.ts';

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/**
 * A translator over one catalog (with English behind it for any key a catalog lacks, then the key). A plural
 * message picks its form from `vars.n`, falling back to `other` when a browser's plural rules
 * name a category the catalog does not have.
 */
export function translator(locale: string, messages: Partial<Messages>, fallback?: Partial<Messages>): Translate {
  const rules = new Intl.PluralRules(locale);
  const num = new Intl.NumberFormat(locale);
  return (key, vars = {}) => {
    let msg = messages[key] ?? fallback?.[key] ?? key;
    if (typeof msg !== 'string') {
      const n = Number(vars.n ?? 0);
      msg = (msg[rules.select(n)] ?? msg.other).replace(/#/g, num.format(n));
    }
    return msg.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
  };
}
