import { useState } from 'preact/hooks';
import type { PayoutRun, UpcomingPayout } from '../../../shared/schemas/payout.ts';
import { type List, request } from '../../api.ts';
import { formatDateTime, formatMoney, formatNumber } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { href } from '../../router.ts';
import { Alert, Field, LoadState, Select, TableHead, useLoad } from '../../ui.tsx';
import { type Directory, providerName } from './names.ts';
import { useAction } from './use-action.ts';

/** Whether the next run pays the line, or why not (and, on hold, from when it will). */
function payable(line: UpcomingPayout, l: string): string {
  if (line.payable) return t('pay_payable');
  const why = line.reason ? valueText('payout_skip', line.reason) : '—';
  return line.reason === 'on_hold' && line.eligible_at
    ? `${why} · ${t('pay_eligible_at', { when: formatDateTime(l, line.eligible_at) })}`
    : why;
}

function UpcomingTable({ lines, names }: { lines: UpcomingPayout[]; names: Directory }) {
  const l = locale();
  return (
    <div class="table-wrap">
      <table data-testid="payouts-upcoming">
        <TableHead cols={['advocate', 'program', 'amount', 'rewards', 'pay_provider', 'pay_next_run']} />
        <tbody>
          {lines.map((line) => (
            <tr
              key={`${line.advocate_id}-${line.program_id}-${line.currency}`}
              data-testid={`upcoming-${line.advocate_id}`}
            >
              <td>
                <a href={href({ name: 'advocate', id: line.advocate_id })}>{names.advocate(line.advocate_id)}</a>
              </td>
              <td>{names.program(line.program_id)}</td>
              <td>{formatMoney(l, line.amount, line.currency)}</td>
              <td>{formatNumber(l, line.rewards)}</td>
              <td>{line.provider ? providerName(line.provider) : t('pay_no_details')}</td>
              <td>
                <span class={`badge badge-${line.payable ? 'approved' : 'none'}`}>{payable(line, l)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a run created and what it left, and why, one line each. */
function RunResult({ run, names }: { run: PayoutRun; names: Directory }) {
  const l = locale();
  return (
    <Alert kind="ok" testid="payouts-run-result">
      <p>{run.created.length ? t('pay_run_created_n', { n: run.created.length }) : t('pay_run_none')}</p>
      <ul>
        {run.created.map((p) => (
          <li key={p.id}>
            {names.advocate(p.advocate_id)}: {formatMoney(l, p.amount, p.currency)} · {providerName(p.provider)}
          </li>
        ))}
        {run.skipped.map((s) => (
          <li key={`${s.advocate_id}-${s.currency}`}>
            {t('pay_run_skipped', {
              advocate: names.advocate(s.advocate_id),
              amount: formatMoney(l, s.amount, s.currency),
              reason: valueText('payout_skip', s.reason),
            })}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** Approved cash rewards not yet in a payout, per advocate and currency, and "Pay now" (one run). */
export function Upcoming({ names, version, onChange }: { names: Directory; version: number; onChange: () => void }) {
  const [programId, setProgramId] = useState('');
  const upcoming = useLoad(
    () => request<List<UpcomingPayout>>('GET', '/v1/payouts/upcoming', { query: { program_id: programId } }),
    [version, programId],
  );
  const { busy, message, run } = useAction(onChange);
  const [result, setResult] = useState<PayoutRun | null>(null);
  const lines = upcoming.data?.data;
  async function payNow() {
    setResult(null);
    // One key per run asked for: the same click retried replays it, the next click is a new run.
    const name = `payouts:run:${programId}:${version}`;
    const body = programId ? { program_id: programId } : {};
    setResult(await run<PayoutRun>(name, '/v1/payouts', body, () => ''));
  }
  const anyDue = (lines?.length ?? 0) > 0;
  return (
    <section class="card" aria-labelledby="payouts-upcoming-h">
      <div class="page-head">
        <h2 id="payouts-upcoming-h">{t('pay_upcoming')}</h2>
        <button type="button" disabled={busy !== '' || !anyDue} onClick={payNow} data-testid="payouts-pay-now">
          {busy ? t('pay_paying') : t('pay_now')}
        </button>
      </div>
      <p class="muted">{t('pay_upcoming_intro')}</p>
      <div class="filters">
        <Field label={t('program')} name="payouts-program">
          {(p) => (
            <Select
              {...p}
              data-testid="payouts-program"
              value={programId}
              options={[['', t('all_programs')], ...names.programs]}
              onChange={(id) => {
                setProgramId(id);
                setResult(null);
              }}
            />
          )}
        </Field>
      </div>
      {message?.kind === 'error' && <Alert>{message.text}</Alert>}
      {result && <RunResult run={result} names={names} />}
      <LoadState loading={upcoming.loading && !lines} error={upcoming.error} retry={upcoming.reload} />
      {lines && lines.length === 0 && <p data-testid="payouts-upcoming-empty">{t('pay_upcoming_empty')}</p>}
      {lines && lines.length > 0 && <UpcomingTable lines={lines} names={names} />}
    </section>
  );
}
