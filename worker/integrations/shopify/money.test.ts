import { describe, expect, it } from 'vitest';
import { toMinorUnits } from './money.ts';

describe('toMinorUnits: Shopify decimal strings to minor units, exactly', () => {
  it('uses each currency’s own digits: USD 2, JPY 0, KWD and BHD 3', () => {
    expect(toMinorUnits('19.99', 'USD')).toBe(1999);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(toMinorUnits('0.005', 'BHD')).toBe(5);
  });

  it('pads missing fraction digits and drops trailing zeros past the currency’s digits', () => {
    expect(toMinorUnits('20', 'USD')).toBe(2000);
    expect(toMinorUnits('20.5', 'USD')).toBe(2050);
    expect(toMinorUnits('1500.0', 'JPY')).toBe(1500);
    expect(toMinorUnits('1500.00', 'JPY')).toBe(1500);
    expect(toMinorUnits('0.10', 'KWD')).toBe(100);
  });

  it('is exact where floats are not', () => {
    // 1.005 * 100 is 100.49999999999999 as a float; 4.35 * 100 is 434.99999999999994.
    expect(toMinorUnits('1.00', 'USD')).toBe(100);
    expect(toMinorUnits('4.35', 'USD')).toBe(435);
    expect(toMinorUnits('1.15', 'EUR')).toBe(115);
    expect(toMinorUnits('9007199254740.99', 'USD')).toBe(900719925474099);
  });

  it('refuses what it cannot hold exactly: extra non-zero digits, signs, exponents, junk, overflow', () => {
    expect(toMinorUnits('19.995', 'USD')).toBeNull();
    expect(toMinorUnits('1500.5', 'JPY')).toBeNull();
    expect(toMinorUnits('-1.00', 'USD')).toBeNull();
    expect(toMinorUnits('1e3', 'USD')).toBeNull();
    expect(toMinorUnits(' 1.00', 'USD')).toBeNull();
    expect(toMinorUnits('1,00', 'EUR')).toBeNull();
    expect(toMinorUnits('', 'USD')).toBeNull();
    expect(toMinorUnits('.5', 'USD')).toBeNull();
    expect(toMinorUnits('999999999999999.99', 'USD')).toBeNull();
  });
});
