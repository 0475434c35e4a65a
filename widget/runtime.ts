import type { PublicConfig, PublicProgram } from '../shared/schemas/public.ts';
import type { Identity, Session } from '../shared/schemas/widget.ts';
import { VOUCH_VERSION } from '../shared/version.ts';
import {
  createSession,
  type Endpoint,
  enrollByEmail,
  fetchAttribution,
  loadCatalog,
  loadConfig,
  sendConversionHint,
} from './api.ts';
import { fromUrl, type Referral, readReferral, refOnly, saveReferral } from './attribution.ts';
import { type Channel, createBeacon, type EventType } from './beacon.ts';
import { createEmitter } from './events.ts';
import { isRtl, type Locale } from './i18n/locale.ts';
import { type Translate, translator } from './i18n/translate.ts';
import { report, storageGet, storageSet } from './safe.ts';
import { createStore } from './store.ts';

/** Where a "Copied" confirmation belongs: each surface has its own live region. */
export type Surface = 'panel' | 'toast' | 'embed';

/** Unset fields are absent (undefined) until known. */
export interface State {
  _open?: boolean;
  _locale: Locale;
  _rtl?: boolean;
  t: Translate;
  /** The page's whole catalog has arrived: every surface but the launcher waits for it. */
  _full?: boolean;
  /** The config request has answered (or failed). */
  _loaded?: boolean;
  _config?: PublicConfig;
  _program?: PublicProgram | null;
  _position?: 'bottom-right' | 'bottom-left';
  _signinUrl?: string | null;
  _identity?: Identity;
  _session?: Session | null;
  /** The result of an email enrollment by an anonymous visitor. */
  _enrollment?: { status: 'enrolled' | 'already_enrolled'; code: string | null; link: string | null };
  _busy?: boolean;
  _emailError?: 'email_missing' | 'email_invalid' | null;
  _failed?: boolean;
  _referral?: Referral | null;
  _purchased?: boolean;
  /** The thank-you card was dismissed (remembered for the tab's session). */
  _thanksOff?: boolean;
  _copied?: Surface | null;
}

export interface TagOptions extends Endpoint {
  _locale: Locale;
  _position: string | null;
  _signinUrl: string | null;
}

export const store = createStore<State>({ _locale: 'en', t: translator('en', {}) });
const set = store._set;

export const emitter = createEmitter();
let api: Endpoint = { _base: '', _key: '' };
let beacon: ReturnType<typeof createBeacon> | undefined;
let tagPosition: State['_position'];
export const apiBase = () => api._base;

export function configure(tag: TagOptions): void {
  const { _locale: locale, _position: position } = tag;
  api = tag;
  beacon = createBeacon(api);
  tagPosition = position === 'bottom-left' || position === 'bottom-right' ? position : undefined;
  set({ _locale: locale, _rtl: isRtl(locale), _position: tagPosition, _signinUrl: safeUrl(tag._signinUrl) });
}

/** Only http(s) sign-in links: a `javascript:` URL in a data attribute must not become a link. */
function safeUrl(url: string | null): string | null {
  try {
    const u = url && new URL(url, location.href);
    return u && /^https?:$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

let catalog: Promise<void> | undefined;
/**
 * The page's catalog (English too, i18n/en.json), once, fetched at boot in parallel with the
 * config: every surface, the launcher included, waits for it (no strings are built in). A failed
 * catalog falls back to English; if that fails too, nothing shows until a later wish retries.
 */
export function loadMessages(): Promise<void> {
  const { _locale: locale } = store._get();
  // biome-ignore lint/suspicious/noAssignInExpressions: returned as assigned (a statement first minifies 3 B larger)
  return (catalog ??= loadCatalog(api._base, locale)
    .catch((err) => {
      report(err);
      return loadCatalog(api._base, 'en');
    })
    .then(
      (messages) => set({ t: translator(locale, messages), _full: true }),
      (err) => {
        // Both failed: forget it, so the next wish for the panel tries again.
        catalog = undefined;
        report(err);
      },
    ));
}
// The panel (modal or inline), the greeting and the thank-you card need the whole catalog.
store._subscribe((s) => void ((s._open || s._purchased || (s._referral && !s._referral.dismissed)) && loadMessages()));

let configReady: Promise<PublicProgram | null> | undefined;
let gate: Promise<unknown> = Promise.resolve();
export const idleGate = (p: Promise<unknown>) => {
  gate = p;
};

/** The program this page shows: the oldest running one. */
export function whenProgram(): Promise<PublicProgram | null> {
  configReady ??= gate
    .then(() => loadConfig(api))
    .then(
      (config) => {
        const program = config.programs[0] ?? null;
        // data-position on the tag wins over the program's setting.
        set({ _config: config, _program: program, _loaded: true, _position: tagPosition ?? program?.widget.position });
        return program;
      },
      (err: Error) => {
        // Refused (this origin not allowed, a wrong key): one console error for the merchant to act on.
        report(err, (err.cause as number) < 500);
        set({ _loaded: true });
        return null;
      },
    );
  return configReady;
}

/**
 * The signed-in panel's Rewards section: the wallet chunk (wallet.js, an ES module beside this
 * bundle, loaded on first use so the first load does not grow) renders into `el`. The chunk is
 * built apart: it gets plain, unmangled names.
 */
export function walletSlot(el: HTMLElement | null): void {
  const { _identity, _program, _locale, t } = store._get();
  // Rendered only for a signed-in advocate: identity and program are known.
  el &&
    import(`${api._base}/widget/v${VOUCH_VERSION}/wallet.js`).then(
      (m: { mount: (...args: unknown[]) => void }) =>
        m.mount(el, api._base, api._key, _identity, _program!.id, _locale, t),
      report,
    );
}

export function track(type: EventType, channel?: Channel): void {
  const program = store._get()._program;
  if (program) beacon?._track(type, program.id, channel);
}

export function setOpen(open: boolean): void {
  if (!store._get()._open === !open) return;
  set({ _open: open });
  emitter._emit(open ? 'open' : 'close');
  if (open) track('open');
}

export function identify(identity: Identity): Promise<void> {
  set({ _identity: identity, _session: null, _failed: false });
  return startSession(false);
}

/** Runs a request with the busy flag up, turning a failure into the "failed" message. */
async function busy(fn: () => Promise<Partial<State>>): Promise<void> {
  set({ _busy: true, _failed: false });
  try {
    set({ ...(await fn()), _busy: false });
  } catch (err) {
    report(err);
    set({ _busy: false, _failed: true });
  }
}

export async function startSession(enroll: boolean): Promise<void> {
  const { _identity: identity } = store._get();
  const program = await whenProgram();
  if (identity && program)
    await busy(async () => ({ _session: await createSession(api, identity, program.id, enroll) }));
}

/** Anonymous enrollment by email (the Worker rate-limits it per IP and address). */
export async function enrollEmail(email: string): Promise<void> {
  const program = store._get()._program;
  if (program) await busy(async () => ({ _enrollment: await enrollByEmail(api, email, program.id) }));
}

let copiedTimer: ReturnType<typeof setTimeout> | undefined;
export function copied(surface: Surface, what: 'link' | 'code'): void {
  set({ _copied: surface });
  clearTimeout(copiedTimer);
  copiedTimer = setTimeout(() => set({ _copied: null }), 2500);
  track('copy', 'copy');
  emitter._emit('copy', { what });
}

export function shared(channel: Channel): void {
  track('share', channel);
  emitter._emit('share', { channel });
}

/** The landing page's referral (URL first, then what an earlier page stored). */
export async function resolveReferral(search: string): Promise<void> {
  const { click, code } = fromUrl(search);
  let referral = readReferral();
  if (click && referral?.click_id !== click) {
    try {
      const a = await fetchAttribution(api, click);
      referral = {
        code: a.code,
        click_id: a.click_id,
        first_name: a.referrer.first_name,
        offer: a.offer,
        program_id: a.program_id,
        expires_at: a.expires_at,
      };
    } catch (err) {
      report(err);
      if (code) referral = { ...refOnly(code), click_id: click };
    }
  } else if (!click && code && referral?.code !== code) {
    referral = refOnly(code);
  }
  if (!referral) return;
  saveReferral(referral);
  set({ _referral: referral });
  emitter._emit('referral', publicReferral(referral));
  if (!referral.dismissed) track('greeting_shown');
}

export function dismissReferral(): void {
  const referral = store._get()._referral;
  if (!referral) return;
  const next = { ...referral, dismissed: true };
  saveReferral(next);
  set({ _referral: next });
}

export const publicReferral = (r: Referral | null | undefined) =>
  r ? { code: r.code, click_id: r.click_id, referrer_first_name: r.first_name, expires_at: r.expires_at } : null;

const THANKS_OFF = 'vouch_thanks_off';
export function dismissThanks(): void {
  storageSet('sessionStorage', THANKS_OFF, '1');
  set({ _thanksOff: true });
}

/** The thank-you page: report the order (unverified) and invite the new customer to share. */
export async function trackPurchase(data: { order_id?: unknown; amount?: unknown; currency?: unknown }): Promise<void> {
  const { order_id, amount, currency } = data ?? {};
  if (typeof order_id !== 'string' && typeof order_id !== 'number')
    throw new TypeError('track purchase: order_id expected');
  const referral = readReferral();
  const program = await whenProgram();
  if (!program) return;
  set({ _purchased: true, _thanksOff: !!storageGet('sessionStorage', THANKS_OFF) });
  track('purchase_prompt_shown');
  // Undefined fields are left out of the JSON.
  await sendConversionHint(api, {
    order_id: String(order_id),
    amount: Number.isInteger(amount) ? (amount as number) : undefined,
    currency: typeof currency === 'string' ? currency.toUpperCase() : undefined,
    click_id: referral?.click_id || undefined,
    code: referral?.code,
  });
}
