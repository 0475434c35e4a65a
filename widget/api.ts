import type { AttributionResponse } from '../shared/schemas/click.ts';
import type { PairingConfirmation } from '../shared/schemas/extension.ts';
import type { PublicConfig } from '../shared/schemas/public.ts';
import type { Identity, Session } from '../shared/schemas/widget.ts';
import { VOUCH_VERSION } from '../shared/version.ts';
import type { Messages } from './i18n/en.ts';
import { fetchSafe, fromJson, storageGet, storageSet, toJson } from './safe.ts';

/**
 * The Worker's public endpoints with plain fetch (the typed client in shared/api pulls in the
 * route contract and zod: far over the widget's budget). The key travels in `?key=` so GETs need
 * no CORS preflight.
 */
export interface Endpoint {
  _base: string;
  _key: string;
}

async function call<T>(api: Endpoint, path: string, body?: object): Promise<T> {
  const res = await fetchSafe(
    `${api._base}${path}${path.includes('?') ? '&' : '?'}key=${encodeURIComponent(api._key)}`,
    {
      credentials: 'omit',
      ...(body && { method: 'POST', headers: { 'content-type': 'application/json' }, body: toJson(body) }),
    },
  );
  const text = await res.text();
  type Answer = T & { error?: { message?: string } };
  const json = text ? fromJson<Answer>(text) : ({} as Answer);
  // The status travels as the cause: callers tell a refusal (4xx) from a network failure (none).
  // The Worker's message says what to fix (e.g. which origin to allow).
  if (!res.ok) throw new Error(`${path}: ${res.status} ${json.error?.message ?? ''}`, { cause: res.status });
  return json;
}

const CONFIG_TTL_MS = 60_000;

/** One request per minute per tab at most: the config is cached in sessionStorage. */
export async function loadConfig(api: Endpoint, now = Date.now()): Promise<PublicConfig> {
  const cacheKey = `vouch_cfg:${api._key}`;
  const cached = storageGet('sessionStorage', cacheKey);
  if (cached) {
    try {
      const { at, config } = fromJson<{ at: number; config: PublicConfig }>(cached);
      if (now - at < CONFIG_TTL_MS && now >= at) return config;
    } catch {
      /* corrupt entry: fetch again */
    }
  }
  const config = await call<PublicConfig>(api, '/v1/public/config');
  storageSet('sessionStorage', cacheKey, toJson({ at: now, config }));
  return config;
}

export const createSession = (api: Endpoint, identity: Identity, programId: string, enroll?: boolean) =>
  call<Session>(api, '/v1/public/session', { identity, program_id: programId, enroll: enroll || undefined });

export const enrollByEmail = (api: Endpoint, email: string, programId: string) =>
  call<{ status: 'enrolled' | 'already_enrolled'; code: string | null; link: string | null }>(
    api,
    '/v1/public/enroll',
    { email, program_id: programId },
  );

/** The advocate confirms the code their browser extension shows (issue 7's device-flow pairing). */
export const confirmPairing = (api: Endpoint, identity: Identity, userCode: string, programId: string) =>
  call<PairingConfirmation>(api, '/v1/public/pairings/confirm', {
    identity,
    user_code: userCode,
    program_id: programId,
  });

export const fetchAttribution = (api: Endpoint, click: string) =>
  call<AttributionResponse>(api, `/v1/attribution?click=${encodeURIComponent(click)}`);

export const sendConversionHint = (
  api: Endpoint,
  hint: { order_id: string; amount?: number; currency?: string; click_id?: string; code?: string },
) => call<unknown>(api, '/v1/public/conversion_hints', hint);

/** A locale's catalog (English too), from the same versioned folder as the bundle (long-cached). */
export async function loadCatalog(base: string, locale: string): Promise<Messages> {
  // A bounded wait: a stalled catalog must not keep the panel from ever opening.
  const res = await fetchSafe(`${base}/widget/v${VOUCH_VERSION}/i18n/${locale}.json`, {
    credentials: 'omit',
    signal: AbortSignal.timeout(8000),
  });
  if (!res.ok) throw new Error(`catalog ${locale}: ${res.status}`);
  return fromJson<Messages>(await res.text());
}
