import { describe, expect, it } from 'vitest';
import { form1099Threshold, needs1099 } from './tax-forms.ts';

describe('needs1099', () => {
  it('uses 600 USD through 2025 and 2,000 USD from 2026', () => {
    expect(form1099Threshold(2024)).toBe(60_000);
    expect(form1099Threshold(2025)).toBe(60_000);
    expect(form1099Threshold(2026)).toBe(200_000);
    expect(needs1099('US', 'USD', 60_000, 2025)).toBe(true);
    expect(needs1099('US', 'USD', 59_999, 2025)).toBe(false);
    expect(needs1099('US', 'USD', 199_999, 2026)).toBe(false);
    expect(needs1099('US', 'USD', 200_000, 2026)).toBe(true);
  });

  it('flags only US payees paid in USD', () => {
    expect(needs1099('DE', 'USD', 500_000, 2026)).toBe(false);
    expect(needs1099(null, 'USD', 500_000, 2026)).toBe(false);
    expect(needs1099('US', 'EUR', 500_000, 2026)).toBe(false);
  });
});
