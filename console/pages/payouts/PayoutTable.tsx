import { useEffect, useRef, useState } from 'preact/hooks';
import type { Payout, PayoutRun } from '../../../shared/schemas/payout.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { href } from '../../router.ts';
import { Alert, Field, TableHead } from '../../ui.tsx';
import { type Directory, providerName } from './names.ts';
import { runSummary } from './run-summary.ts';
import { useAction } from './use-action.ts';

/** A manual payout waits for the merchant's own payment; the others follow their provider. */
const settlesByHand = (p: Payout) => p.provider === 'manual' && (p.status === 'pending' || p.status === 'processing');

/** What happened to it last: when it was paid, why it failed, or its latest note. */
function outcome(p: Payout, l: string): string {
  if (p.status === 'paid') return t('pay_paid_on', { when: formatDateTime(l, p.paid_at) });
  if (p.status === 'failed') return p.failure_reason ?? '—';
  return p.history.at(-1)?.note || '—';
}

/** The reason a manual payout failed, asked for before it is marked so (its rewards go back to approved). */
function FailForm(props: {
  prefix: string;
  payout: Payout;
  busy: boolean;
  onFail: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const amount = formatMoney(locale(), props.payout.amount, props.payout.currency);
  // Opened by the row's button: focus goes to the question, which sits below the table.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [props.payout.id]);
  function submit(e: Event) {
    e.preventDefault();
    if (!reason.trim()) return setError(t('v_required'));
    props.onFail(reason.trim());
  }
  return (
    <form class="form" onSubmit={submit} noValidate data-testid={`${props.prefix}-fail-form`}>
      <Field
        label={t('pay_fail_reason', { amount })}
        name={`${props.prefix}-fail-reason`}
        hint={t('pay_fail_hint')}
        error={error}
      >
        {(p) => (
          <input
            {...p}
            ref={input}
            type="text"
            maxLength={300}
            required
            data-testid={`${props.prefix}-fail-reason`}
            value={reason}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <div class="row-actions">
        <button type="submit" class="danger" disabled={props.busy} data-testid={`${props.prefix}-fail-confirm`}>
          {t('pay_mark_failed')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

interface RowProps {
  /** The table's test id: a payout listed in two tables (batches, failures) is told apart. */
  prefix: string;
  payout: Payout;
  names: Directory;
  withAdvocate: boolean;
  busy: boolean;
  failing: boolean;
  act: (p: Payout, action: 'mark_paid' | 'retry' | 'fail') => void;
}

function PayoutRow({ prefix, payout: p, names, withAdvocate, busy, failing, act }: RowProps) {
  const l = locale();
  const amount = formatMoney(l, p.amount, p.currency);
  const button = (action: 'mark_paid' | 'retry' | 'fail', label: MessageKey, cls: string) => (
    <button
      type="button"
      class={cls}
      disabled={busy || (action === 'fail' && failing)}
      data-testid={`${prefix}-${action}-${p.id}`}
      aria-label={`${t(label)} ${amount}${withAdvocate ? ` · ${names.advocate(p.advocate_id)}` : ''}`}
      onClick={() => act(p, action)}
    >
      {t(label)}
    </button>
  );
  return (
    <tr data-testid={`${prefix}-row-${p.id}`}>
      <td>{formatDateTime(l, p.created_at)}</td>
      {withAdvocate && (
        <td>
          <a href={href({ name: 'advocate', id: p.advocate_id })}>{names.advocate(p.advocate_id)}</a>
        </td>
      )}
      <td>{names.program(p.program_id)}</td>
      <td>{amount}</td>
      <td>{providerName(p.provider)}</td>
      <td>
        <span class={`badge badge-${p.status}`} data-testid={`${prefix}-status-${p.id}`}>
          {valueText('payout_status', p.status)}
        </span>
      </td>
      <td dir="ltr">{p.provider_reference ? <code>{p.provider_reference}</code> : '—'}</td>
      <td>{outcome(p, l)}</td>
      <td class="row-actions">
        {settlesByHand(p) && button('mark_paid', 'pay_mark_paid', 'secondary')}
        {settlesByHand(p) && button('fail', 'pay_mark_failed', 'danger')}
        {p.status === 'failed' && button('retry', 'pay_retry', 'secondary')}
      </td>
    </tr>
  );
}

/** Payouts with the moves a merchant makes by hand: mark a manual payout paid or failed, retry a failed one. */
export function PayoutTable(props: {
  payouts: Payout[];
  names: Directory;
  withAdvocate?: boolean;
  onChange: () => void;
  testid: string;
}) {
  const { payouts, names, onChange } = props;
  const withAdvocate = props.withAdvocate ?? true;
  const { busy, message, run } = useAction(onChange);
  const [failing, setFailing] = useState<string | null>(null);
  const l = locale();
  function act(p: Payout, action: 'mark_paid' | 'retry' | 'fail') {
    if (action === 'fail') return setFailing(p.id);
    if (action === 'mark_paid')
      return void run<Payout>(`payout:${p.id}:mark_paid`, `/v1/payouts/${p.id}/mark_paid`, {}, () =>
        t('pay_marked_paid', { amount: formatMoney(l, p.amount, p.currency) }),
      );
    void run<PayoutRun>(`payout:${p.id}:retry`, `/v1/payouts/${p.id}/retry`, {}, (r) => runSummary(r, names));
  }
  async function fail(p: Payout, reason: string) {
    const done = await run<Payout>(`payout:${p.id}:fail:${reason}`, `/v1/payouts/${p.id}/fail`, { reason }, () =>
      t('pay_marked_failed', { amount: formatMoney(l, p.amount, p.currency) }),
    );
    if (done) setFailing(null);
  }
  const cols: MessageKey[] = [
    'created',
    ...(withAdvocate ? (['advocate'] as MessageKey[]) : []),
    'program',
    'amount',
    'pay_provider',
    'status',
    'pay_reference',
    'pay_outcome',
    'actions',
  ];
  const failingPayout = payouts.find((p) => p.id === failing);
  return (
    <>
      {message && (
        <Alert kind={message.kind} testid={`${props.testid}-message`}>
          {message.text}
        </Alert>
      )}
      <div class="table-wrap">
        <table data-testid={props.testid}>
          <TableHead cols={cols} />
          <tbody>
            {payouts.map((p) => (
              <PayoutRow
                key={p.id}
                prefix={props.testid}
                payout={p}
                names={names}
                withAdvocate={withAdvocate}
                busy={busy !== ''}
                failing={failing === p.id}
                act={act}
              />
            ))}
          </tbody>
        </table>
      </div>
      {failingPayout && (
        <FailForm
          prefix={props.testid}
          payout={failingPayout}
          busy={busy !== ''}
          onFail={(reason) => fail(failingPayout, reason)}
          onCancel={() => setFailing(null)}
        />
      )}
    </>
  );
}
