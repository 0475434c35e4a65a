import { describe, expect, it } from 'vitest';
import { decimalString, paypalDigits } from './amounts.ts';

describe('decimalString', () => {
  it('writes minor units as the provider decimals, exactly', () => {
    expect(decimalString(1234, 'USD', 2)).toBe('12.34');
    expect(decimalString(5, 'usd', 2)).toBe('0.05');
    expect(decimalString(100, 'EUR', 2)).toBe('1.00');
    expect(decimalString(1234, 'JPY', 0)).toBe('1234');
    expect(decimalString(1234, 'KWD', 3)).toBe('1.234');
    expect(decimalString(1200, 'USD', 0)).toBe('12');
    expect(decimalString(12, 'JPY', 2)).toBe('12.00');
  });

  it('refuses what the provider digits cannot hold, and amounts that are not positive integers', () => {
    expect(decimalString(1234, 'USD', 0)).toBeNull();
    expect(decimalString(0, 'USD', 2)).toBeNull();
    expect(decimalString(-5, 'USD', 2)).toBeNull();
    expect(decimalString(1.5, 'USD', 2)).toBeNull();
  });
});

describe('paypalDigits', () => {
  it('is 0 for the currencies PayPal takes in whole units, Intl digits for others', () => {
    expect(paypalDigits('JPY')).toBe(0);
    expect(paypalDigits('HUF')).toBe(0);
    expect(paypalDigits('TWD')).toBe(0);
    expect(paypalDigits('USD')).toBe(2);
    expect(paypalDigits('eur')).toBe(2);
  });
});
