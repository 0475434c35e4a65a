import { describe, expect, it } from 'vitest';
import { ownedBy } from './tenancy.ts';

describe('ownedBy', () => {
  const t = { merchantId: 'mer_1', mode: 'test' as const };
  it('keeps a record of the same merchant and mode, drops any other', () => {
    const record = { merchant_id: 'mer_1', mode: 'test', code: 'X' };
    expect(ownedBy(record, t)).toBe(record);
    expect(ownedBy({ ...record, merchant_id: 'mer_2' }, t)).toBeNull();
    expect(ownedBy({ ...record, mode: 'live' }, t)).toBeNull();
    expect(ownedBy(null, t)).toBeNull();
  });
});
