import { t } from '../../i18n/index.ts';
import { Check, Choice, type Form, Num, Text, When } from './fields.tsx';
import { Records } from './records.tsx';

/** The form's plain fieldsets, in the order the form shows them (the offer, reward and tiers are in variants.tsx). */
export function Basics({ f }: { f: Form }) {
  return (
    <fieldset>
      <legend>{t('p_basics')}</legend>
      <Text f={f} path="name" label="p_name" />
      <Choice
        f={f}
        path="status"
        label="p_status"
        options={[
          ['draft', 'st_draft'],
          ['active', 'st_active'],
          ['paused', 'st_paused'],
          ['ended', 'st_ended'],
        ]}
      />
      <When f={f} path="starts_at" label="p_starts_at" />
      <When f={f} path="ends_at" label="p_ends_at" />
      <Text f={f} path="destination_url" label="p_destination_url" type="url" />
      <Text f={f} path="fallback_url" label="p_fallback_url" type="url" nullable />
      <Text f={f} path="og_image_url" label="p_og_image_url" type="url" nullable />
    </fieldset>
  );
}

export function Attribution({ f }: { f: Form }) {
  return (
    <fieldset>
      <legend>{t('p_attribution')}</legend>
      <Num f={f} path="attribution.window_days" label="p_window_days" />
      <Choice
        f={f}
        path="attribution.model"
        label="p_model"
        options={[
          ['first_click', 'model_first_click'],
          ['last_click', 'model_last_click'],
        ]}
      />
      <Num f={f} path="hold_days" label="p_hold_days" />
    </fieldset>
  );
}

/** When approved cash rewards are gathered into payouts (issue 16): the smallest sum, a hold, the schedule. */
export function Payouts({ f }: { f: Form }) {
  return (
    <fieldset data-testid="program-payouts">
      <legend>{t('p_payouts')}</legend>
      <Num f={f} path="payouts.minimum_amount" label="p_payout_minimum" />
      <Num f={f} path="payouts.hold_days" label="p_payout_hold_days" />
      <Choice
        f={f}
        path="payouts.schedule"
        label="p_payout_schedule"
        options={[
          ['manual', 'sched_manual'],
          ['weekly', 'sched_weekly'],
          ['monthly', 'sched_monthly'],
        ]}
      />
    </fieldset>
  );
}

export function Limits({ f }: { f: Form }) {
  return (
    <fieldset>
      <legend>{t('p_limits')}</legend>
      <Num f={f} path="limits.code_max_uses" label="p_code_max_uses" nullable />
      <Check f={f} path="limits.one_redemption_per_customer" label="p_one_per_customer" />
      <Check f={f} path="limits.new_customers_only" label="p_new_only" />
      <Num f={f} path="limits.min_order_amount" label="p_min_order" nullable />
      <Num f={f} path="limits.max_rewards_per_advocate_per_month" label="p_max_per_month" nullable />
      <Choice
        f={f}
        path="fraud_strictness"
        label="p_fraud"
        options={[
          ['relaxed', 'fraud_relaxed'],
          ['moderate', 'fraud_moderate'],
          ['strict', 'fraud_strict'],
        ]}
      />
    </fieldset>
  );
}

export function WidgetSettings({ f }: { f: Form }) {
  return (
    <fieldset>
      <legend>{t('p_widget')}</legend>
      <Text f={f} path="widget.brand_color" label="p_brand_color" hint="#5b3df5" ltr />
      <Choice
        f={f}
        path="widget.position"
        label="p_position"
        options={[
          ['bottom-right', 'pos_bottom_right'],
          ['bottom-left', 'pos_bottom_left'],
        ]}
      />
      <Choice
        f={f}
        path="widget.theme"
        label="p_theme"
        options={[
          ['auto', 'theme_auto'],
          ['light', 'theme_light'],
          ['dark', 'theme_dark'],
        ]}
      />
      <Records f={f} path="widget.copy" kind="copy" />
    </fieldset>
  );
}
