import { describe, expect, it } from 'vitest';
import { fractionDigits, majorUnits } from './money.ts';

describe('fractionDigits', () => {
  it("is each currency's own minor-unit digits", () => {
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KRW')).toBe(0);
    expect(fractionDigits('USD')).toBe(2);
    expect(fractionDigits('KWD')).toBe(3);
    expect(fractionDigits('BHD')).toBe(3);
  });

  it('falls back to 2 for a code Intl refuses', () => {
    expect(fractionDigits('US')).toBe(2);
  });
});

describe('majorUnits', () => {
  it('scales minor units by the currency and says when the amount is whole', () => {
    expect(majorUnits(1234, 'JPY')).toEqual({ value: 1234, digits: 0, whole: true });
    expect(majorUnits(1234, 'USD')).toEqual({ value: 12.34, digits: 2, whole: false });
    expect(majorUnits(1000, 'USD')).toEqual({ value: 10, digits: 2, whole: true });
    expect(majorUnits(12_345, 'KWD')).toEqual({ value: 12.345, digits: 3, whole: false });
    expect(majorUnits(2000, 'BHD')).toEqual({ value: 2, digits: 3, whole: true });
    expect(majorUnits(-250, 'USD')).toEqual({ value: -2.5, digits: 2, whole: false });
  });
});
