import type { RefereeOffer } from '../shared/schemas/program.ts';
import { fromJson, storageGet, storageSet, toJson } from './safe.ts';

/**
 * Who referred this visitor, kept first-party in the shop's localStorage until the click's
 * attribution window ends, so later pages (cart, checkout) and `vouch('getReferral')` have it.
 */
export interface Referral {
  code: string;
  click_id: string | null;
  first_name: string | null;
  offer: RefereeOffer | null;
  program_id: string | null;
  expires_at: string;
  dismissed?: boolean;
}

const KEY = 'vouch_referral';
// shared/ids.ts's click id, either kind (an old `clk_` + 26 or a signed token), bounded; the Worker verifies.
const CLICK = /^clk_[\w.-]{26,320}$/;
// shared/codes.ts's pattern, on the code as links carry it (upper case); the Worker re-checks.
const CODE = /^[A-Z0-9][A-Z0-9_-]{1,30}[A-Z0-9]$/;
// A bare `ref` code carries no window of its own: keep it as long as a default program would.
const REF_ONLY_DAYS = 30;

export function readReferral(now = Date.now()): Referral | null {
  const raw = storageGet('localStorage', KEY);
  if (!raw) return null;
  try {
    const r = fromJson<Referral>(raw);
    if (typeof r.code === 'string' && Date.parse(r.expires_at) > now) return r;
  } catch {
    /* unreadable: drop it below */
  }
  storageSet('localStorage', KEY, null);
  return null;
}

export const saveReferral = (r: Referral): void => storageSet('localStorage', KEY, toJson(r));

/** The click id and code in the landing URL (`?vouch_click=clk_…&ref=CODE`), when valid. */
export function fromUrl(search: string): { click: string | null; code: string | null } {
  const params = new URLSearchParams(search);
  const click = params.get('vouch_click');
  const ref = params.get('ref')?.trim().toUpperCase();
  return { click: click && CLICK.test(click) ? click : null, code: ref && CODE.test(ref) ? ref : null };
}

export function refOnly(code: string, now = Date.now()): Referral {
  return {
    code,
    click_id: null,
    first_name: null,
    offer: null,
    program_id: null,
    expires_at: new Date(now + REF_ONLY_DAYS * 864e5).toISOString(),
  };
}
