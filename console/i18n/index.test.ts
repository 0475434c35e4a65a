import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import * as fa from './fa.ts';
import * as hu from './hu.ts';
import * as id from './id.ts';
import { interpolate, negotiate } from './index.ts';
import * as ms from './ms.ts';
import * as th from './th.ts';

describe('console i18n', () => {
  it('negotiates from the browser languages, else English', () => {
    expect(negotiate(['fa-IR', 'en'])).toBe('fa');
    expect(negotiate(['de', 'hu-HU'])).toBe('hu');
    expect(negotiate(['de'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(interpolate('Tier {n} of {m}', { n: 2 })).toBe('Tier 2 of {m}');
  });

  it('translates every key, keeping every placeholder', () => {
    for (const catalog of [ms, id, fa, th, hu]) {
      expect(Object.keys(catalog.messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(catalog.messages[key as keyof typeof en]), key).toEqual(placeholders(text));
      }
    }
  });
});
