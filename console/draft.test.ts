import { describe, expect, it } from 'vitest';
import { changedFields, getPath, numberInput, renameKey, setPath } from './draft.ts';

describe('form drafts', () => {
  it('reads and writes nested paths without touching the original', () => {
    const before = { limits: { code_max_uses: null }, reward_tiers: [{ label: 'Gold' }] };
    const after = setPath(setPath(before, 'limits.code_max_uses', 5), 'reward_tiers.0.label', 'Silver');
    expect(getPath(after, 'limits.code_max_uses')).toBe(5);
    expect(getPath(after, 'reward_tiers.0.label')).toBe('Silver');
    expect(before.limits.code_max_uses).toBeNull();
    expect(setPath({ a: [1, 2, 3] }, 'a.1', undefined)).toEqual({ a: [1, 3] });
    expect(setPath({ a: 1, b: 2 }, 'b', undefined)).toEqual({ a: 1 });
  });

  it('sends only changed top-level fields', () => {
    expect(changedFields({ name: 'A', limits: { x: 1 } }, { name: 'A', limits: { x: 2 } })).toEqual({
      limits: { x: 2 },
    });
  });

  it('parses number inputs, keeping junk for the validator', () => {
    expect(numberInput('', null)).toBeNull();
    expect(numberInput(' ', undefined)).toBeUndefined();
    expect(numberInput('12', null)).toBe(12);
    expect(numberInput('1e', null)).toBe('1e');
  });

  it('renames record keys in order', () => {
    expect(Object.keys(renameKey({ en: 1, de: 2, fr: 3 }, 'de', 'ms'))).toEqual(['en', 'ms', 'fr']);
  });
});
