import { adClickIds } from '../../shared/core/assess-risk.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import { hashSecrets } from '../lib/hash-secret.ts';
import { type ClickToken, tokenExpiry, verifyClickToken } from '../redirect/click-token.ts';
import type { ClickRecord } from '../storage/clicks.ts';
import { ownedBy } from '../storage/tenancy.ts';
import type { Tenant } from '../tenant.ts';

/**
 * What attribution and the fraud signals know of a click: read from its signed token with no Redis
 * command, or from a record stored before tokens (old `clk_` + 26 ids, kept for their window).
 */
export interface ClickFacts {
  id: string;
  code: string;
  merchant_id: string;
  mode: Tenant['mode'];
  program_id: string;
  advocate_id: string;
  /** The click credited for the visit: another one only for stored clicks under first-click. */
  attributed_click_id: string;
  /** The daily visitor hash. */
  visitor: string;
  created_at: string;
  expires_at: string;
  /** The ad networks' click ids the landing URL had. */
  ad_click_ids: string[];
}

function factsOfToken(token: ClickToken): ClickFacts {
  return {
    id: token.id,
    code: token.code,
    merchant_id: token.merchantId,
    mode: token.mode,
    program_id: token.programId,
    advocate_id: token.advocateId,
    attributed_click_id: token.id,
    visitor: token.visitor,
    created_at: new Date(token.createdAt).toISOString(),
    expires_at: new Date(tokenExpiry(token)).toISOString(),
    ad_click_ids: token.adClickIds,
  };
}

export function factsOfRecord(click: ClickRecord | null): ClickFacts | null {
  if (!click) return null;
  const { id, code, merchant_id, mode, program_id, advocate_id, attributed_click_id, visitor } = click;
  const { created_at, expires_at } = click;
  const facts = { id, code, merchant_id, mode, program_id, advocate_id, attributed_click_id, visitor };
  return { ...facts, created_at, expires_at, ad_click_ids: adClickIds(click.landing_url) };
}

/**
 * The tenant's click a token carries (null: not a token of theirs, forged, or signed with a key no
 * longer accepted). `env` is the Worker's: its HASH_SECRET (and HASH_SECRET_PREVIOUS during a rotation).
 */
export async function clickOfToken(env: Partial<HashSecretEnv>, t: Tenant, value: string): Promise<ClickFacts | null> {
  // The Worker's bindings always carry the secret (an absent one is the development fallback hashSecrets applies).
  const token = await verifyClickToken(hashSecrets(env as HashSecretEnv), value);
  return ownedBy(token && factsOfToken(token), t);
}
