import { useState } from 'preact/hooks';
import type { Reward } from '../../shared/schemas/reward.ts';
import { actionKey, forgetAction, request } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { Alert, errorText, TableHead } from '../ui.tsx';

type Action = 'approve' | 'void' | 'mark_paid';

const ACTIONS: Record<string, Action[]> = {
  pending: ['approve', 'void'],
  held: ['approve', 'void'],
  approved: ['mark_paid', 'void'],
  paid: [],
  voided: [],
};

function RewardRow({ reward: r, busy, act }: { reward: Reward; busy: boolean; act: (r: Reward, a: Action) => void }) {
  const l = locale();
  const amount = formatMoney(l, r.amount, r.currency, t('p_points'));
  return (
    <tr data-testid={`reward-row-${r.id}`}>
      <td>{formatDateTime(l, r.created_at)}</td>
      <td>{valueText('recipient', r.recipient)}</td>
      <td>{amount}</td>
      <td>
        <span class={`badge badge-${r.status}`}>{valueText('reward_status', r.status)}</span>
      </td>
      <td>{r.fraud_signals.length ? r.fraud_signals.map((s) => <code key={s}>{s} </code>) : '—'}</td>
      <td class="row-actions">
        {ACTIONS[r.status]?.map((a) => (
          <button
            type="button"
            key={a}
            class={a === 'void' ? 'danger' : 'secondary'}
            data-testid={`reward-${a}-${r.id}`}
            disabled={busy}
            aria-label={`${t(a === 'mark_paid' ? 'mark_paid' : a)} ${amount}`}
            onClick={() => act(r, a)}
          >
            {t(a === 'mark_paid' ? 'mark_paid' : a)}
          </button>
        ))}
      </td>
    </tr>
  );
}

/** Rewards with their state moves; each move carries an Idempotency-Key kept until it succeeds. */
export function RewardTable({
  rewards,
  onChange,
  testid,
}: {
  rewards: Reward[];
  onChange: () => void;
  testid: string;
}) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState('');
  async function act(reward: Reward, action: Action) {
    const name = `reward:${reward.id}:${action}`;
    setBusy(name);
    try {
      await request('POST', `/v1/rewards/${reward.id}/${action}`, { body: {}, idempotencyKey: actionKey(name) });
      forgetAction(name);
      setMessage({ kind: 'ok', text: t('done') });
      onChange();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy('');
    }
  }
  return (
    <>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div class="table-wrap">
        <table data-testid={testid}>
          <TableHead cols={['created', 'recipient', 'amount', 'status', 'fraud_signals', 'actions']} />
          <tbody>
            {rewards.map((r) => (
              <RewardRow key={r.id} reward={r} busy={busy !== ''} act={act} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
