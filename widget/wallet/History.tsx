import { Component } from 'preact';
import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import { money } from '../format.ts';
import type { WalletContext } from './wallet-api.ts';

type T = WalletContext['t'];
const day = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));

/** Paid-out history: a table of date, amount and status, newest first. */
export function Payouts({
  _payouts: payouts,
  t,
  _locale: locale,
}: {
  _payouts: AdvocateWallet['payouts'];
  t: T;
  _locale: string;
}) {
  return (
    <>
      <h4>{t('paid_out')}</h4>
      {payouts.length === 0 ? (
        <p class="m">{t('no_payouts')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('amount')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((p) => (
              <tr key={p.id}>
                <td>{day(p.paid_at ?? p.created_at, locale)}</td>
                <td>{money(p.amount, p.currency, locale)}</td>
                <td>{t(`st_${p.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

type Code = AdvocateWallet['reward_codes'][number];

function discountText(code: Code, t: T, locale: string): string {
  const { type, value, currency } = code.discount;
  const amount =
    type === 'percent'
      ? new Intl.NumberFormat(locale, { style: 'percent' }).format(value / 100)
      : money(value, currency ?? 'USD', locale);
  return t('off', { value: amount });
}

/** Reward codes, each a read-only field with its copy button; a used one says so instead. */
export class RewardCodes extends Component<{ _codes: Code[]; t: T; _locale: string }, { _copied?: string }> {
  async _copy(code: string, input: HTMLInputElement | null) {
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      input?.select();
      document.execCommand('copy');
    }
    this.setState({ _copied: code });
  }

  render() {
    const { _codes: codes, t, _locale: locale } = this.props;
    if (codes.length === 0) return null;
    return (
      <>
        <h4>{t('reward_codes')}</h4>
        {codes.map((c, i) => {
          const about = [discountText(c, t, locale), c.expires_at && t('expires', { date: day(c.expires_at, locale) })];
          return (
            <div key={c.code}>
              <label for={`rc${i}`}>
                {about.filter(Boolean).join(' · ')}
                {c.used && ` · ${t('used')}`}
              </label>
              <div class="r">
                <input id={`rc${i}`} readOnly value={c.code} dir="ltr" />
                {!c.used && (
                  <button
                    class="b"
                    aria-label={`${t('copy_code')} ${c.code}`}
                    onClick={(e) => void this._copy(c.code, e.currentTarget.previousElementSibling as HTMLInputElement)}
                  >
                    {t('copy_code')}
                  </button>
                )}
              </div>
            </div>
          );
        })}
        <p role="status" class={this.state._copied ? 'm' : 'sr'}>
          {this.state._copied ? t('copied') : ''}
        </p>
      </>
    );
  }
}
