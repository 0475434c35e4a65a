import type { RefereeOffer, ReferrerReward } from '../../../shared/schemas/program.ts';
import type { Json } from '../../draft.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { t } from '../../i18n/index.ts';
import { Field } from '../../ui.tsx';
import { Choice, type Form, Num, Text, testid } from './fields.tsx';
import { Recurring } from './recurring.tsx';

// Keyed by the schemas' types (satisfies): a type added there fails to compile until it has a template and fields.
const OFFER_TEMPLATES: Record<string, Json> = {
  percent: { type: 'percent', value: 10 },
  fixed_amount: { type: 'fixed_amount', value: 1000, currency: 'USD' },
  free_shipping: { type: 'free_shipping' },
  free_product: { type: 'free_product', product_name: '' },
  trial_days: { type: 'trial_days', value: 14 },
} satisfies Record<RefereeOffer['type'], Json>;
const REWARD_TEMPLATES: Record<string, Json> = {
  fixed_amount: { type: 'fixed_amount', value: 1000, currency: 'USD' },
  percent_of_order: { type: 'percent_of_order', value: 10, currency: 'USD' },
  points: { type: 'points', value: 100 },
  store_credit: { type: 'store_credit', value: 1000, currency: 'USD' },
  gift_card: { type: 'gift_card', value: 1000, currency: 'USD' },
  charity_donation: { type: 'charity_donation', value: 500, currency: 'USD', charity_name: '' },
  reward_code: { type: 'reward_code', discount: 'percent', value: 10, currency: 'USD', expires_in_days: null },
} satisfies Record<ReferrerReward['type'], Json>;

type VariantField = [
  name: 'value' | 'currency' | 'product_name' | 'max_amount' | 'charity_name' | 'discount' | 'expires_in_days',
  label: MessageKey,
  optional?: boolean,
];
const MONEY: VariantField[] = [
  ['value', 'p_amount_minor'],
  ['currency', 'p_currency'],
];
const VARIANT_FIELDS: Record<string, VariantField[]> = {
  percent: [['value', 'p_percent']],
  fixed_amount: MONEY,
  free_shipping: [],
  free_product: [
    ['product_name', 'p_product_name'],
    ['value', 'p_amount_minor', true],
    ['currency', 'p_currency', true],
  ],
  trial_days: [['value', 'p_days']],
  percent_of_order: [
    ['value', 'p_percent'],
    ['currency', 'p_currency'],
    ['max_amount', 'p_max_amount', true],
  ],
  points: [['value', 'p_points']],
  store_credit: MONEY,
  gift_card: MONEY,
  charity_donation: [...MONEY, ['charity_name', 'p_charity_name']],
  // A code for the advocate's next order: percent off or an amount off, in the order's currency.
  reward_code: [
    ['discount', 'p_discount'],
    ['value', 'p_discount_value'],
    ['currency', 'p_currency'],
    ['expires_in_days', 'p_expires_in_days', true],
  ],
} satisfies Record<RefereeOffer['type'] | ReferrerReward['type'], VariantField[]>;

const DISCOUNTS: [string, MessageKey][] = [
  ['percent', 'p_discount_percent'],
  ['fixed_amount', 'p_discount_fixed'],
];

/** One field of a variant, by its kind: numbers, the discount kind, an expiry that may be none (null), text. */
function VariantInput(props: { f: Form; path: string; name: VariantField[0]; label: MessageKey; optional?: boolean }) {
  const { f, path, name, label, optional } = props;
  if (name === 'discount') return <Choice f={f} path={path} label={label} options={DISCOUNTS} />;
  if (name === 'expires_in_days') return <Num f={f} path={path} label={label} nullable />;
  if (name === 'value' || name === 'max_amount') return <Num f={f} path={path} label={label} optional={optional} />;
  return <Text f={f} path={path} label={label} optional={optional} />;
}

/** The fields of one offer or reward variant (a discriminated union: the type picks the fields). */
export function Variant({ f, path, kind }: { f: Form; path: string; kind: 'offer' | 'reward' }) {
  const templates = kind === 'offer' ? OFFER_TEMPLATES : REWARD_TEMPLATES;
  const type = String(f.get(`${path}.type`) ?? '');
  // The program's own reward carries the recurring setting (tiers do not): kept across a type change.
  const program = path === 'referrer_reward';
  const recurring = program ? f.get(`${path}.recurring`) : undefined;
  return (
    <div class="variant">
      <Field label={t('p_type')} name={`${path}.type`} error={f.err(`${path}.type`) ?? f.err(path)}>
        {(p) => (
          <select
            {...p}
            data-testid={testid(`${path}.type`)}
            value={type}
            onChange={(e) => {
              const template = templates[(e.currentTarget as HTMLSelectElement).value]!;
              f.set(path, recurring === undefined ? template : { ...(template as object), recurring });
            }}
          >
            {Object.keys(templates).map((k) => (
              <option key={k} value={k}>
                {t(`${kind === 'offer' ? 'o' : 'r'}_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(VARIANT_FIELDS[type] ?? []).map(([name, label, optional]) => (
        <VariantInput key={name} f={f} path={`${path}.${name}`} name={name} label={label} optional={optional} />
      ))}
      {program && <Recurring f={f} path={path} />}
    </div>
  );
}

export function Tiers({ f }: { f: Form }) {
  const tiers = (f.get('reward_tiers') as Json[] | undefined) ?? [];
  return (
    <fieldset data-testid="program-tiers">
      <legend>{t('p_tiers')}</legend>
      {f.err('reward_tiers') && <p class="error">{f.err('reward_tiers')}</p>}
      {tiers.map((_, i) => (
        <fieldset key={i} class="nested" data-testid={`program-tier-${i}`}>
          <legend>{t('p_tier', { n: i + 1 })}</legend>
          <Num f={f} path={`reward_tiers.${i}.from_conversions`} label="p_from_conversions" />
          <Text f={f} path={`reward_tiers.${i}.label`} label="p_label" />
          <Variant f={f} path={`reward_tiers.${i}.reward`} kind="reward" />
          <button type="button" class="secondary" onClick={() => f.set(`reward_tiers.${i}`, undefined)}>
            {t('remove')}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="secondary"
        data-testid="program-add-tier"
        onClick={() =>
          f.set('reward_tiers', [
            ...tiers,
            { from_conversions: (tiers.length + 1) * 5, label: '', reward: REWARD_TEMPLATES.fixed_amount! },
          ])
        }
      >
        {t('p_add_tier')}
      </button>
    </fieldset>
  );
}
