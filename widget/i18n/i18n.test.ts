import { describe, expect, it } from 'vitest';
import { en, type Messages } from './en.ts';
import { isRtl, LOCALES, negotiateLocale } from './locale.ts';
import { translator } from './translate.ts';

const catalogs: Record<string, Messages> = { en };
for (const locale of LOCALES.filter((l) => l !== 'en')) {
  catalogs[locale] = ((await import(`./messages/${locale}.ts`)) as { default: Messages }).default;
}

describe('catalogs', () => {
  it('exist for every supported locale', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LOCALES].sort());
    for (const m of Object.values(catalogs)) expect(typeof m.refer).toBe('string');
  });

  for (const [locale, messages] of Object.entries(catalogs)) {
    it(`${locale}: has every key of English and nothing else, with the same placeholders`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof Messages)[]) {
        const forms = (m: Messages[keyof Messages]) => (typeof m === 'string' ? [m] : Object.values(m));
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
        const expected = placeholders(forms(en[key])[0]!);
        for (const form of forms(messages[key])) {
          // A form may leave the count out ("one click" spelled out), never a named value.
          expect(placeholders(form), `${locale}.${key}: "${form}"`).toBe(expected);
          expect(form.trim(), `${locale}.${key}`).not.toBe('');
        }
      }
    });

    it(`${locale}: plural messages have exactly the locale's plural categories`, () => {
      const categories = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
      for (const [key, value] of Object.entries(messages)) {
        if (typeof value === 'string') continue;
        expect(Object.keys(value).sort(), `${locale}.${key}`).toEqual(categories);
      }
    });
  }
});

describe('translator', () => {
  it('interpolates values and picks plural forms with the count formatted for the locale', () => {
    const t = translator('en', en, en);
    expect(t('headline', { give: '15%', get: '$10' })).toBe('Give 15%, get $10');
    expect(t('clicks', { n: 1 })).toBe('1 click');
    expect(t('clicks', { n: 1234 })).toBe('1,234 clicks');
    expect(t('next_tier', { n: 2, tier: 'Gold' })).toBe('2 more friends to reach Gold');
  });

  it('uses Arabic plural categories and digits', () => {
    const t = translator('ar', catalogs.ar!, en);
    expect(t('clicks', { n: 2 })).toBe('نقرتان');
    expect(t('clicks', { n: 5 })).toBe(`${new Intl.NumberFormat('ar').format(5)} نقرات`);
    expect(t('clicks', { n: 11 })).toBe(`${new Intl.NumberFormat('ar').format(11)} نقرة`);
  });

  it('falls back to English for a key a catalog lacks, and to `other` for an unknown category', () => {
    const partial = { ...catalogs.de!, copied: undefined } as unknown as Messages;
    expect(translator('de', partial, en)('copied')).toBe('Copied');
    const onlyOther = { ...en, clicks: { other: '# x' } } as Messages;
    expect(translator('en', onlyOther, en)('clicks', { n: 1 })).toBe('1 x');
  });
});

describe('locale negotiation', () => {
  it('takes data-locale, then <html lang>, then the browser languages', () => {
    expect(negotiateLocale(['fr', 'de', 'es'])).toBe('fr');
    expect(negotiateLocale([undefined, 'de-AT', 'es'])).toBe('de');
    expect(negotiateLocale([undefined, '', 'xx', 'es-MX'])).toBe('es');
    expect(negotiateLocale(['xx-YY'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });

  it('maps bare and regional tags onto the catalog we have', () => {
    expect(negotiateLocale(['pt'])).toBe('pt-BR');
    expect(negotiateLocale(['pt-PT'])).toBe('pt-BR');
    expect(negotiateLocale(['pt_br'])).toBe('pt-BR');
    expect(negotiateLocale(['zh'])).toBe('zh-CN');
    expect(negotiateLocale(['zh-Hans-CN'])).toBe('zh-CN');
    expect(negotiateLocale(['en-GB'])).toBe('en');
    expect(negotiateLocale(['in'])).toBe('id');
    expect(negotiateLocale(['iw'])).toBe('he');
  });

  it('does not give traditional Chinese readers simplified text', () => {
    expect(negotiateLocale(['zh-TW', 'ja'])).toBe('ja');
    expect(negotiateLocale(['zh-Hant'])).toBe('en');
  });

  it('detects right-to-left languages', () => {
    for (const l of ['ar', 'fa', 'he', 'ar-EG', 'fa-IR', 'iw']) expect(isRtl(l), l).toBe(true);
    for (const l of ['en', 'hu', 'th', 'ja', 'zh-CN', 'arn', 'hea']) expect(isRtl(l), l).toBe(false);
  });
});
