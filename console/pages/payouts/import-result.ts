/** One row of the paid list as the import answered it: which payout, what happened, and why. */
export interface ImportRow {
  payout: string;
  outcome: string;
  detail: string;
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * The import's per-row outcomes, read leniently: the rows under `rows` (or a list's `data`), each
 * naming its payout (or line) and its outcome, with a reason or message when there is one.
 */
export function importRows(answer: unknown): ImportRow[] {
  const body = (answer ?? {}) as Record<string, unknown>;
  const list = Array.isArray(body.rows) ? body.rows : Array.isArray(body.data) ? body.data : [];
  return list.map((row: unknown) => {
    const r = (row ?? {}) as Record<string, unknown>;
    return {
      payout: text(r.payout_id) || text(r.line) || '—',
      outcome: text(r.outcome) || text(r.status),
      detail: text(r.reason) || text(r.message) || text(r.error),
    };
  });
}
