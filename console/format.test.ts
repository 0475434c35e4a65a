import { describe, expect, it } from 'vitest';
import { fractionDigits } from '../shared/core/money.ts';
import {
  formatAmounts,
  formatMoney,
  formatPercent,
  formatRatio,
  fromLocalInput,
  isoDay,
  toLocalInput,
} from './format.ts';

describe('formatters', () => {
  it('formats minor units with the currency\u2019s own digits', () => {
    expect(fractionDigits('USD')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(formatMoney('en-US', 1250, 'USD')).toBe('$12.50');
    expect(formatMoney('en-US', 500, 'JPY')).toBe('¥500');
    expect(formatMoney('en-US', 40, 'points', 'pts')).toBe('40 pts');
    expect(formatMoney('hu', 1250, 'EUR')).toMatch(/^12,50\s(€|EUR)$/);
  });

  it('never adds units together', () => {
    expect(formatAmounts('en-US', { USD: 1000, EUR: 250 })).toBe('$10.00 · €2.50');
    expect(formatAmounts('en-US', {})).toBe('0');
  });

  it('formats ratios, with a dash for no denominator', () => {
    expect(formatPercent('en-US', 0.1234)).toBe('12.3%');
    expect(formatPercent('en-US', null)).toBe('—');
    expect(formatRatio('en-US', 3.456)).toBe('3.46×');
    expect(formatPercent('fa', 0.5)).toMatch(/۵۰/);
  });

  it('round-trips datetime-local values in UTC', () => {
    expect(toLocalInput('2026-05-01T10:30:00.000Z')).toBe('2026-05-01T10:30');
    expect(fromLocalInput('2026-05-01T10:30')).toBe('2026-05-01T10:30:00Z');
    expect(fromLocalInput('')).toBeNull();
    expect(isoDay(new Date('2026-05-01T23:59:59Z'))).toBe('2026-05-01');
  });
});
