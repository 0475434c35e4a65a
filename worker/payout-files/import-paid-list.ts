import type * as z from 'zod';
import { isId } from '../../shared/ids.ts';
import type { ManualImportResult, ManualImportRow } from '../../shared/schemas/payee.ts';
import { finishPayout, type PayoutOutcome } from '../payouts/finish-payout.ts';
import { payoutStore } from '../storage/payouts.ts';
import type { Tenant } from '../tenant.ts';
import { parseCsv } from './parse-csv.ts';

type Row = z.infer<typeof ManualImportRow>;

// Our columns first, then the names PayPal's Payouts reports give the same facts.
const ID_COLUMNS = ['payout_id', 'unique id', 'customer id', 'sender item id', 'sender_item_id'];
const STATUS_COLUMNS = ['status', 'transaction status', 'transaction_status'];
const REFERENCE_COLUMNS = ['reference', 'transaction id', 'transaction_id', 'payout item id', 'payout_item_id'];
const REASON_COLUMNS = ['reason', 'failure reason', 'error', 'errors'];

// PayPal's item statuses (Payouts API `transaction_status`, also in its reports) and ours.
const PAID = new Set(['paid', 'success', 'completed']);
const FAILED = new Set(['failed', 'denied', 'returned', 'blocked', 'refunded', 'reversed', 'canceled', 'cancelled']);
const IN_FLIGHT = new Set(['pending', 'unclaimed', 'onhold', 'on hold', 'processing', 'new']);

function columnOf(header: string[], names: string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

type Parsed = { kind: 'ok'; outcome: PayoutOutcome } | { kind: 'skipped' | 'error'; message: string };

function outcomeOf(status: string, reason: string, reference: string): Parsed {
  const s = status.trim().toLowerCase();
  if (PAID.has(s)) return { kind: 'ok', outcome: { kind: 'paid', ...(reference ? { reference } : {}) } };
  if (FAILED.has(s)) {
    const why = reason.trim() || `Marked ${status.trim()} in the imported paid list.`;
    return { kind: 'ok', outcome: { kind: 'failed', reason: why.slice(0, 300) } };
  }
  if (IN_FLIGHT.has(s)) return { kind: 'skipped', message: `Status ${status.trim()}: not finished yet.` };
  return { kind: 'error', message: `Unknown status "${status.slice(0, 40)}": use paid or failed.` };
}

/** Applies one row: only manual payouts, each finished once (a second time is `unchanged`). */
async function applyRow(env: Env, t: Tenant, id: string, parsed: Parsed, now: number): Promise<Omit<Row, 'line'>> {
  if (parsed.kind !== 'ok') return { payout_id: id, outcome: parsed.kind, message: parsed.message };
  const payout = await payoutStore(env).get(t, id);
  if (!payout) return { payout_id: id, outcome: 'error', message: 'No such payout.' };
  if (payout.provider !== 'manual') {
    return { payout_id: id, outcome: 'error', message: `A ${payout.provider} payout follows its provider.` };
  }
  const result = await finishPayout(env, t, id, parsed.outcome, now);
  if (result.kind === 'moved') return { payout_id: id, outcome: parsed.outcome.kind, message: null };
  if (result.kind === 'unchanged') return { payout_id: id, outcome: 'unchanged', message: 'Already applied.' };
  if (result.kind === 'missing') return { payout_id: id, outcome: 'error', message: 'No such payout.' };
  return { payout_id: id, outcome: 'error', message: `The payout is already ${result.payout.status}.` };
}

export type ImportResult = { kind: 'ok'; result: ManualImportResult } | { kind: 'invalid'; message: string };

/**
 * Reads the paid list (ours, or PayPal's report) and finishes each named manual payout through
 * finishPayout, in order; a bad row is reported and the others still apply.
 */
export async function importPaidList(env: Env, t: Tenant, csv: string, now: number): Promise<ImportResult> {
  const rows = parseCsv(csv);
  if (!rows || rows.length === 0) return { kind: 'invalid', message: 'The csv is empty or has a quote left open.' };
  const header = rows[0]!;
  const [id, status, reference, reason] = [ID_COLUMNS, STATUS_COLUMNS, REFERENCE_COLUMNS, REASON_COLUMNS].map((c) =>
    columnOf(header, c),
  ) as [number, number, number, number];
  if (id < 0 || status < 0) {
    return { kind: 'invalid', message: 'The header row needs payout_id and status columns (or PayPal\u2019s).' };
  }
  const out: Row[] = [];
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!;
    const payoutId = (cells[id] ?? '').trim();
    const line = i + 1;
    if (!isId('payout', payoutId)) {
      out.push({ line, payout_id: payoutId || null, outcome: 'error', message: 'Not a payout id (po_\u2026).' });
      continue;
    }
    const parsed = outcomeOf(cells[status] ?? '', cells[reason] ?? '', (cells[reference] ?? '').trim().slice(0, 200));
    out.push({ line, ...(await applyRow(env, t, payoutId, parsed, now)) });
  }
  const count = (o: Row['outcome']) => out.filter((r) => r.outcome === o).length;
  const result: ManualImportResult = {
    object: 'manual_import',
    livemode: t.mode === 'live',
    rows: out,
    paid: count('paid'),
    failed: count('failed'),
  };
  return { kind: 'ok', result };
}
