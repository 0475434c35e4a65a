import { majorUnits } from '../shared/core/money.ts';

/** Intl formatting in the console's locale. Money is integer minor units plus a currency (or points). */
const cache = new Map<string, Intl.NumberFormat>();

function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(locale: string, n: number): string {
  return nf(locale, {}).format(n);
}

/** `unit` is an ISO currency or `points`. */
export function formatMoney(locale: string, minor: number, unit: string | null, pointsLabel = 'pts'): string {
  if (!unit || unit === 'points') return `${formatNumber(locale, minor)} ${pointsLabel}`;
  try {
    const { value } = majorUnits(minor, unit);
    return nf(locale, { style: 'currency', currency: unit }).format(value);
  } catch {
    return `${formatNumber(locale, minor)} ${unit}`;
  }
}

/** Several units side by side: never added together. */
export function formatAmounts(
  locale: string,
  amounts: Record<string, number> | undefined,
  pointsLabel?: string,
): string {
  const entries = Object.entries(amounts ?? {}).filter(([, v]) => v !== 0);
  if (entries.length === 0) return formatNumber(locale, 0);
  return entries.map(([unit, v]) => formatMoney(locale, v, unit, pointsLabel)).join(' · ');
}

export function formatPercent(locale: string, ratio: number | null): string {
  return ratio === null ? '—' : nf(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function formatRatio(locale: string, ratio: number | null): string {
  return ratio === null ? '—' : `${nf(locale, { maximumFractionDigits: 2 }).format(ratio)}×`;
}

export function formatDate(locale: string, iso: string, interval: 'hour' | 'day' | 'week' = 'day'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions =
    interval === 'hour'
      ? { month: 'short', day: 'numeric', hour: '2-digit', timeZone: 'UTC' }
      : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

export function formatDateTime(locale: string, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** `YYYY-MM-DD` (UTC) of a date: what the stats and export queries take. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * An ISO timestamp as the value of `<input type="datetime-local">` (UTC shown as local wall time would
 * mislead; we keep UTC).
 */
export function toLocalInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}

/** The input's value back to an ISO timestamp in UTC, or null when empty. */
export function fromLocalInput(value: string): string | null {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : null;
}
