import { discountText, money } from '../lib/format.ts';
import type { WalletItem } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
import { t } from './strings.ts';

const day = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso));

/** Paid out history and reward codes of one entry (what the Worker answered at the last refresh). */
export function EntryRewards(props: { item: WalletItem; idPrefix: string }) {
  const { rewards } = props.item;
  if (!rewards) return null;
  const shop = props.item.entry.merchant.name;
  const codes = rewards.reward_codes;
  return (
    <section class="rewards" aria-labelledby={`${props.idPrefix}-paid`} data-testid="entry-rewards">
      <h4 id={`${props.idPrefix}-paid`}>{t.paidOut}</h4>
      {rewards.payouts.length === 0 ? (
        <p class="hint">{t.noPayouts}</p>
      ) : (
        <ul class="payouts" data-testid="entry-payouts">
          {rewards.payouts.map((p) => (
            <li key={p.id}>
              <span>{day(p.paid_at ?? p.created_at)}</span> <strong>{money(p.amount, p.currency)}</strong>{' '}
              <span class="tag">{t.payoutStatus[p.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {codes.length > 0 && (
        <>
          <h4>{t.rewardCodes}</h4>
          <ul class="reward-codes" data-testid="entry-reward-codes">
            {codes.map((c) => {
              const what = discountText(c.discount.type, c.discount.value, c.discount.currency);
              return (
                <li key={c.code} class="field" data-used={c.used}>
                  <span class="label">
                    {what}
                    {c.expires_at && ` · ${t.expires(day(c.expires_at))}`}
                  </span>
                  <code>{c.code}</code>
                  {c.used ? (
                    <span class="tag">{t.used}</span>
                  ) : (
                    <CopyButton value={c.code} label={t.copyRewardCode(what, shop)} testid="copy-reward-code" />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
