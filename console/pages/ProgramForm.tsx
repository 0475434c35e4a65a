import { useState } from 'preact/hooks';
import {
  ProgramCreate,
  ProgramUpdate,
  type Program,
  type RefereeOffer,
  type ReferrerReward,
} from '../../shared/schemas/program.ts';
import { safeParseLocalized } from '../localized.ts';
import { ApiFailure, request } from '../api.ts';
import { changedFields, getPath, numberInput, renameKey, setPath, type Json } from '../draft.ts';
import { fromLocalInput, toLocalInput } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/en.ts';
import { Alert, Field, LoadState, Page, errorText, useLoad } from '../ui.tsx';
import { apiErrorToFields, issuesToFields } from '../validation.ts';
import { navigate } from '../nav.ts';
import { href } from '../router.ts';

type Draft = Record<string, Json>;

const DEFAULTS: Draft = {
  name: '',
  status: 'draft',
  starts_at: null,
  ends_at: null,
  destination_url: 'https://',
  fallback_url: null,
  og_image_url: null,
  referee_offer: { type: 'percent', value: 10 },
  referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
  reward_tiers: [],
  attribution: { window_days: 30, model: 'last_click' },
  hold_days: 30,
  limits: {
    code_max_uses: null,
    one_redemption_per_customer: true,
    new_customers_only: false,
    min_order_amount: null,
    max_rewards_per_advocate_per_month: null,
  },
  fraud_strictness: 'moderate',
  widget: { copy: {}, brand_color: '#5b3df5', position: 'bottom-right', theme: 'auto' },
  contest: null,
  metadata: {},
};

const EDITABLE = Object.keys(DEFAULTS);

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
} satisfies Record<ReferrerReward['type'], Json>;

interface Form {
  get: (path: string) => Json | undefined;
  set: (path: string, value: Json | undefined) => void;
  err: (path: string) => string | undefined;
}

const testid = (path: string) => `program-${path.replace(/\./g, '-')}`;

function Text({
  f,
  path,
  label,
  nullable,
  optional,
  type = 'text',
  hint,
  ltr,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  nullable?: boolean;
  optional?: boolean;
  type?: 'text' | 'url';
  hint?: string;
  ltr?: boolean;
}) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)} hint={hint}>
      {(p) => (
        <input
          {...p}
          type={type as 'text'}
          class={ltr ? 'ltr' : undefined}
          data-testid={testid(path)}
          value={typeof v === 'string' || typeof v === 'number' ? String(v) : ''}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            f.set(path, value === '' && (nullable || optional) ? (nullable ? null : undefined) : value);
          }}
        />
      )}
    </Field>
  );
}

function Num({
  f,
  path,
  label,
  nullable,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  nullable?: boolean;
  optional?: boolean;
}) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <input
          {...p}
          inputMode="decimal"
          data-testid={testid(path)}
          value={v === null || v === undefined ? '' : String(v)}
          // Empty: null where the schema allows it, else absent (the schema then says it is required).
          onInput={(e) =>
            f.set(path, numberInput((e.currentTarget as HTMLInputElement).value, nullable ? null : undefined))
          }
        />
      )}
    </Field>
  );
}

function When({ f, path, label }: { f: Form; path: string; label: MessageKey }) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <input
          {...p}
          type="datetime-local"
          data-testid={testid(path)}
          value={toLocalInput(typeof v === 'string' ? v : null)}
          onInput={(e) => f.set(path, fromLocalInput((e.currentTarget as HTMLInputElement).value))}
        />
      )}
    </Field>
  );
}

function Check({ f, path, label }: { f: Form; path: string; label: MessageKey }) {
  return (
    <div class="check">
      <input
        id={testid(path)}
        type="checkbox"
        data-testid={testid(path)}
        checked={f.get(path) === true}
        onChange={(e) => f.set(path, (e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={testid(path)}>{t(label)}</label>
    </div>
  );
}

function Choice({
  f,
  path,
  label,
  options,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  options: [string, MessageKey][];
}) {
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <select
          {...p}
          data-testid={testid(path)}
          value={String(f.get(path) ?? '')}
          onChange={(e) => f.set(path, (e.currentTarget as HTMLSelectElement).value)}
        >
          {options.map(([v, k]) => (
            <option key={v} value={v}>
              {t(k)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type VariantField = [
  name: 'value' | 'currency' | 'product_name' | 'max_amount' | 'charity_name',
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
} satisfies Record<RefereeOffer['type'] | ReferrerReward['type'], VariantField[]>;

/** The fields of one offer or reward variant (a discriminated union: the type picks the fields). */
function Variant({ f, path, kind }: { f: Form; path: string; kind: 'offer' | 'reward' }) {
  const templates = kind === 'offer' ? OFFER_TEMPLATES : REWARD_TEMPLATES;
  const type = String(f.get(`${path}.type`) ?? '');
  return (
    <div class="variant">
      <Field label={t('p_type')} name={`${path}.type`} error={f.err(`${path}.type`) ?? f.err(path)}>
        {(p) => (
          <select
            {...p}
            data-testid={testid(`${path}.type`)}
            value={type}
            onChange={(e) => f.set(path, templates[(e.currentTarget as HTMLSelectElement).value]!)}
          >
            {Object.keys(templates).map((k) => (
              <option key={k} value={k}>
                {t(`${kind === 'offer' ? 'o' : 'r'}_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(VARIANT_FIELDS[type] ?? []).map(([name, label, optional]) =>
        name === 'value' || name === 'max_amount' ? (
          <Num key={name} f={f} path={`${path}.${name}`} label={label} optional={optional} />
        ) : (
          <Text key={name} f={f} path={`${path}.${name}`} label={label} optional={optional} />
        ),
      )}
    </div>
  );
}

function Tiers({ f }: { f: Form }) {
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

/** Editable key → value records: per-locale widget copy and metadata. */
function Records({ f, path, kind }: { f: Form; path: string; kind: 'copy' | 'metadata' }) {
  const record = (f.get(path) as Record<string, Json> | undefined) ?? {};
  const keys = Object.keys(record);
  return (
    <fieldset data-testid={testid(path)}>
      <legend>{t(kind === 'copy' ? 'p_copy' : 'p_metadata')}</legend>
      {f.err(path) && <p class="error">{f.err(path)}</p>}
      {keys.map((key, i) => (
        <div key={i} class={kind === 'copy' ? 'nested' : 'row'}>
          <Field
            label={t(kind === 'copy' ? 'p_locale' : 'p_key')}
            name={`${path}.${key}`}
            error={kind === 'copy' ? undefined : f.err(`${path}.${key}`)}
          >
            {(p) => (
              <input
                {...p}
                data-testid={`${testid(path)}-key-${i}`}
                value={key}
                onChange={(e) => f.set(path, renameKey(record, key, (e.currentTarget as HTMLInputElement).value))}
              />
            )}
          </Field>
          {kind === 'copy' ? (
            <>
              <Text f={f} path={`${path}.${key}.headline`} label="p_headline" optional />
              <Text f={f} path={`${path}.${key}.description`} label="p_description" optional />
              <Text f={f} path={`${path}.${key}.terms`} label="p_terms" optional />
            </>
          ) : (
            <Text f={f} path={`${path}.${key}`} label="p_value" />
          )}
          <button type="button" class="secondary" onClick={() => f.set(`${path}.${key}`, undefined)}>
            {t('remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        data-testid={`${testid(path)}-add`}
        onClick={() => {
          let n = keys.length + 1;
          const fresh =
            kind === 'copy'
              ? (['en', 'ms', 'id', 'fa', 'th', 'hu'].find((l) => !(l in record)) ?? `x${n}`)
              : `key_${n}`;
          while (fresh in record) n++;
          f.set(path, { ...record, [fresh]: kind === 'copy' ? {} : '' });
        }}
      >
        {t(kind === 'copy' ? 'p_add_locale' : 'p_add_metadata')}
      </button>
    </fieldset>
  );
}

function Contest({ f }: { f: Form }) {
  const on = f.get('contest') !== null && f.get('contest') !== undefined;
  const now = new Date();
  return (
    <fieldset data-testid="program-contest">
      <legend>{t('p_contest')}</legend>
      <div class="check">
        <input
          id="contest-on"
          type="checkbox"
          data-testid="program-contest-on"
          checked={on}
          onChange={(e) =>
            f.set(
              'contest',
              (e.currentTarget as HTMLInputElement).checked
                ? {
                    name: '',
                    prize: '',
                    starts_at: `${now.toISOString().slice(0, 16)}:00Z`,
                    ends_at: `${new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 16)}:00Z`,
                    by: 'conversions',
                  }
                : null,
            )
          }
        />
        <label for="contest-on">{t('p_contest_on')}</label>
      </div>
      {on && (
        <>
          <Text f={f} path="contest.name" label="p_name" />
          <Text f={f} path="contest.prize" label="p_prize" />
          <When f={f} path="contest.starts_at" label="p_starts_at" />
          <When f={f} path="contest.ends_at" label="p_ends_at" />
          <Choice
            f={f}
            path="contest.by"
            label="p_by"
            options={[
              ['conversions', 'by_conversions'],
              ['revenue', 'by_revenue'],
            ]}
          />
        </>
      )}
    </fieldset>
  );
}

function toDraft(p: Program | undefined): Draft {
  if (!p) return structuredClone(DEFAULTS);
  const out: Draft = {};
  for (const k of EDITABLE) out[k] = (p as unknown as Record<string, Json>)[k] ?? DEFAULTS[k]!;
  return out;
}

// A program just created: its edit page (a new mount) opens saying so.
let justCreated: string | null = null;

export function ProgramForm({ program }: { program?: Program }) {
  const [original] = useState(() => toDraft(program));
  const [draft, setDraft] = useState<Draft>(original);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>(() => {
    const created = program !== undefined && justCreated === program.id;
    justCreated = null;
    return created ? 'saved' : 'idle';
  });
  const f: Form = {
    get: (path) => getPath(draft, path),
    set: (path, value) => {
      setDraft((d) => setPath(d, path, value) as Draft);
      setState('idle');
    },
    err: (path) => errors[path],
  };

  async function submit(e: Event) {
    e.preventDefault();
    const body = program ? changedFields(original, draft) : draft;
    // The same shared schemas the API checks with: problems show at once, beside their fields.
    const checked = program ? safeParseLocalized(ProgramUpdate, body) : safeParseLocalized(ProgramCreate, body);
    if (!checked.success) {
      setErrors(issuesToFields(checked.error.issues));
      queueMicrotask(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .form-errors')?.focus());
      return;
    }
    setErrors({});
    setState('saving');
    try {
      const saved = await request<Program>(
        program ? 'PATCH' : 'POST',
        program ? `/v1/programs/${program.id}` : '/v1/programs',
        { body, idempotencyKey: crypto.randomUUID() },
      );
      setState('saved');
      if (!program) {
        justCreated = saved.id;
        navigate(href({ name: 'program_edit', id: saved.id }));
      }
    } catch (err) {
      setState('idle');
      setErrors(err instanceof ApiFailure ? apiErrorToFields(err.body, errorText(err)) : { '': errorText(err) });
    }
  }

  const count = Object.keys(errors).length;
  return (
    <Page
      title={program ? `${t('edit_program')}: ${program.name}` : t('new_program')}
      testid={program ? 'page-program-edit' : 'page-program-new'}
    >
      <form onSubmit={submit} noValidate data-testid="program-form" class="form">
        {count > 0 && (
          <div class="form-errors" tabIndex={-1}>
            <Alert testid="program-errors">
              {t('fix_fields', { count })}
              {errors[''] && <span> {errors['']}</span>}
            </Alert>
          </div>
        )}
        {state === 'saved' && (
          <Alert kind="ok" testid="program-saved">
            {t('saved')}
          </Alert>
        )}
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
        <fieldset data-testid="program-offer">
          <legend>{t('p_offer')}</legend>
          <Variant f={f} path="referee_offer" kind="offer" />
        </fieldset>
        <fieldset data-testid="program-reward">
          <legend>{t('p_reward')}</legend>
          <Variant f={f} path="referrer_reward" kind="reward" />
        </fieldset>
        <Tiers f={f} />
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
        <Contest f={f} />
        <Records f={f} path="metadata" kind="metadata" />
        <div class="actions">
          <button type="submit" data-testid="program-save" disabled={state === 'saving'}>
            {state === 'saving' ? t('saving') : t('save')}
          </button>
          <a href={href({ name: 'programs' })}>{t('cancel')}</a>
        </div>
      </form>
    </Page>
  );
}

/** The edit page: the program as stored, then the same form (remounted when it changes). */
export function ProgramEdit({ id }: { id: string }) {
  const program = useLoad(() => request<Program>('GET', `/v1/programs/${id}`), [id]);
  if (!program.data) return <LoadState loading={program.loading} error={program.error} retry={program.reload} />;
  return <ProgramForm key={program.data.updated_at} program={program.data} />;
}
