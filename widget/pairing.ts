import { confirmPairing, type Endpoint } from './api.ts';
import type { MessageKey } from './i18n/en.ts';
import { store } from './runtime.ts';
import { report } from './safe.ts';

/**
 * What the code input accepts (its `pattern`): the contract's 8 Crockford base32 characters
 * (USER_CODE_PATTERN in shared/schemas/extension.ts, a module that brings zod: too big to import
 * here), dash optional, either case, and the look-alikes I, L and O, which normalizeCode() turns
 * into the digits they stand for. pairing.test.ts holds it against the contract.
 */
const GROUP = '[0-9A-TV-Za-tv-z]{4}';
export const CODE_PATTERN = `${GROUP}-?${GROUP}`;

/** As the contract spells it: upper case, I and L read as 1, O as 0. */
export const normalizeCode = (code: string) => code.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');

// runtime.ts keeps its endpoint to itself: boot (index.tsx) hands the same one here.
let api: Endpoint = { _base: '', _key: '' };
export const pairingEndpoint = (endpoint: Endpoint) => {
  api = endpoint;
};

// Refusals the advocate can act on; any other status is the generic "failed".
const REFUSED: Record<number, MessageKey> = { 404: 'pair_gone', 410: 'pair_gone', 409: 'pair_used', 429: 'pair_slow' };

/** Confirms a pairing for the identified advocate; resolves to the message saying how it went. */
export async function pairExtension(code: string): Promise<MessageKey> {
  const { _identity: identity, _program: program } = store._get();
  try {
    await confirmPairing(api, identity!, normalizeCode(code), program!.id);
    return 'pair_ok';
  } catch (err) {
    report(err);
    // No status: the request never got an answer (offline, blocked).
    const status = (err as Error).cause as number | undefined;
    return status ? (REFUSED[status] ?? 'failed') : 'pair_offline';
  }
}
