import { Component } from 'preact';
import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import { OneField } from '../ui/OneField.tsx';
import { Payouts, RewardCodes } from './History.tsx';
import { loadWallet, redeemPoints, savePaypal, stripeOnboarding, type WalletContext } from './wallet-api.ts';

interface RewardsState {
  _wallet?: AdvocateWallet;
  _failed?: boolean;
  _busy?: boolean;
  /** What the last action did, said in the section's live region. */
  _said?: string;
  _paypal?: { _said: string; _class: 'e' | 'n' };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The signed-in advocate's rewards: paid-out history, reward codes, points with the catalog's
 * redeem buttons, and how they are paid (PayPal email, Connect with Stripe). Loaded lazily.
 */
export class Rewards extends Component<{ _ctx: WalletContext }, RewardsState> {
  override componentDidMount() {
    void this._load();
  }

  async _load() {
    try {
      this.setState({ _wallet: await loadWallet(this.props._ctx), _failed: false });
    } catch {
      this.setState({ _failed: true });
    }
  }

  /** Runs an action with the busy flag up; says `done()` when it worked, the failure otherwise. */
  async _act(action: () => Promise<string | null>) {
    if (this.state._busy) return;
    this.setState({ _busy: true, _said: '' });
    try {
      const said = await action();
      await this._load();
      this.setState({ _busy: false, _said: said ?? '' });
    } catch {
      this.setState({ _busy: false, _said: this.props._ctx.t('failed') });
    }
  }

  render() {
    const { _ctx: ctx } = this.props;
    const { t, locale } = ctx;
    const { _wallet: w, _failed: failed } = this.state;
    return (
      <section aria-labelledby="rw" aria-busy={!w && !failed}>
        <h3 id="rw">{t('rewards')}</h3>
        {failed && <p class="e">{t('failed')}</p>}
        {!w && !failed && <p class="m">{t('loading')}</p>}
        {w && (
          <>
            <Payouts _payouts={w.payouts} t={t} _locale={locale} />
            <RewardCodes _codes={w.reward_codes} t={t} _locale={locale} />
            {w.points && this._points(w.points)}
            {this._details(w.payout_details)}
          </>
        )}
        <p role="status" class={this.state._said ? 'n' : 'sr'}>
          {this.state._said}
        </p>
      </section>
    );
  }

  _points(points: NonNullable<AdvocateWallet['points']>) {
    const { t } = this.props._ctx;
    return (
      <>
        <h4>{t('your_points')}</h4>
        <p>{t('points', { n: points.balance })}</p>
        {points.catalog.map((item) => (
          <button
            key={item.id}
            class="b"
            aria-disabled={this.state._busy || points.balance < item.cost}
            onClick={() =>
              points.balance >= item.cost &&
              this._act(async () => {
                const r = await redeemPoints(this.props._ctx, item.id);
                return t('redeemed', { item: r.item_name });
              })
            }
          >
            {t('redeem', { item: item.name, cost: t('points', { n: item.cost }) })}
          </button>
        ))}
      </>
    );
  }

  _details(details: AdvocateWallet['payout_details']) {
    const { t } = this.props._ctx;
    const ctx = this.props._ctx;
    return (
      <>
        <h4>{t('get_paid')}</h4>
        {details.method === 'paypal' && details.paypal_email && (
          <p>{t('paid_paypal', { email: details.paypal_email })}</p>
        )}
        {details.stripe_onboarding_complete && <p>{t('paid_stripe')}</p>}
        <OneField
          id="pp"
          _label={t('paypal_email')}
          _button={t('save')}
          _input={{ type: 'email', autocomplete: 'email', dir: 'ltr' }}
          _busy={this.state._busy}
          _said={this.state._paypal?._said}
          _class={this.state._paypal?._class}
          _submit={(email) => {
            if (!EMAIL.test(email)) return this.setState({ _paypal: { _said: t('email_invalid'), _class: 'e' } });
            this.setState({ _paypal: undefined });
            void this._act(async () => {
              await savePaypal(ctx, email);
              return t('saved');
            });
          }}
        />
        {!details.stripe_onboarding_complete && (
          <button
            class="b"
            aria-disabled={this.state._busy}
            onClick={() =>
              this._act(async () => {
                location.assign((await stripeOnboarding(ctx)).url);
                return null;
              })
            }
          >
            {t('stripe_connect')}
          </button>
        )}
      </>
    );
  }
}
