import { useState } from 'preact/hooks';
import { type Program, ProgramCreate, ProgramUpdate } from '../../shared/schemas/program.ts';
import { ApiFailure, request } from '../api.ts';
import { changedFields, getPath, type Json, setPath } from '../draft.ts';
import { t } from '../i18n/index.ts';
import { safeParseLocalized } from '../localized.ts';
import { navigate } from '../nav.ts';
import { href } from '../router.ts';
import { Alert, errorText, LoadState, Page, useLoad } from '../ui.tsx';
import { apiErrorToFields, issuesToFields } from '../validation.ts';
import type { Form } from './program-form/fields.tsx';
import { Contest, Records } from './program-form/records.tsx';
import { Attribution, Basics, Limits, Payouts, WidgetSettings } from './program-form/sections.tsx';
import { Tiers, Variant } from './program-form/variants.tsx';

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
  payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual' },
  widget: { copy: {}, brand_color: '#5b3df5', position: 'bottom-right', theme: 'auto' },
  contest: null,
  metadata: {},
};

const EDITABLE = Object.keys(DEFAULTS);

function toDraft(p: Program | undefined): Draft {
  if (!p) return structuredClone(DEFAULTS);
  const out: Draft = {};
  for (const k of EDITABLE) out[k] = (p as unknown as Record<string, Json>)[k] ?? DEFAULTS[k]!;
  return out;
}

// A program just created: its edit page (a new mount) opens saying so.
let justCreated: string | null = null;

/** The draft, its errors and its save state, with the submit that checks and saves it. */
function useProgramForm(program: Program | undefined) {
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
  return { f, errors, state, submit };
}

export function ProgramForm({ program }: { program?: Program }) {
  const { f, errors, state, submit } = useProgramForm(program);
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
        <Basics f={f} />
        <fieldset data-testid="program-offer">
          <legend>{t('p_offer')}</legend>
          <Variant f={f} path="referee_offer" kind="offer" />
        </fieldset>
        <fieldset data-testid="program-reward">
          <legend>{t('p_reward')}</legend>
          <Variant f={f} path="referrer_reward" kind="reward" />
        </fieldset>
        <Tiers f={f} />
        <Attribution f={f} />
        <Limits f={f} />
        <Payouts f={f} />
        <WidgetSettings f={f} />
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
