import type { PairingState, SavedCode, ScanResult, Wallet, WalletItem } from './storage.ts';

/**
 * Typed messages to the background, the only context that talks to the network or holds tokens.
 * Every request has a `type`; the background answers with one of `Response` (or nothing for an
 * unknown or refused message). See background/handle-message.ts for who may send what.
 */
export type Request =
  | { type: 'wallet:get' }
  | { type: 'wallet:refresh' }
  | { type: 'wallet:remove'; id: string }
  | { type: 'pair:start' }
  /**
   * Poll now if a poll is due; the popup sends it on open and every few seconds while a pairing is pending
   * (service workers die).
   */
  | { type: 'pair:poll' }
  | { type: 'pair:cancel' }
  /**
   * A pairing link: pasted in the popup (`{origin}/pair#vpl_…` or the bare token), exchanged; or read
   * by the pair page's content script, only handed over (the confirmation page opens).
   */
  | { type: 'pair:link'; link: string }
  /**
   * The confirmation page's Connect: exchange the handed-over link, then tell the pair page's tab (if any) the
   * outcome.
   */
  | { type: 'pair:confirm-link'; link: string; tab_id: number | null }
  /** The confirmation page's Cancel: tell the pair page's tab (if any). */
  | { type: 'pair:decline-link'; tab_id: number | null }
  | { type: 'scan:active-tab' }
  | { type: 'code:save'; code: { kind: 'code' | 'link'; value: string; page_origin: string | null; context: string } }
  | { type: 'code:remove'; id: string }
  /**
   * The user copied or shared this entry's code or link (the copy itself happens in the page, with
   * navigator.clipboard): it becomes the most recently used.
   */
  | { type: 'code:copy'; entry_id: string };

export type ErrorKind =
  | 'offline'
  | 'revoked'
  | 'expired'
  | 'invalid'
  | 'rate_limited'
  | 'server'
  | 'no_tab'
  | 'forbidden';

export type Response =
  | { type: 'wallet'; wallet: Wallet }
  | { type: 'pairing'; pairing: PublicPairing | null }
  | { type: 'paired'; entry: WalletItem }
  | { type: 'scan'; scan: ScanResult }
  | { type: 'saved'; code: SavedCode }
  | { type: 'ok' }
  | { type: 'error'; error: ErrorKind; message: string };

/** Pairing state without the device code (a secret only the background polls with). */
export type PublicPairing =
  | Omit<Extract<PairingState, { status: 'pending' }>, 'device_code'>
  | Exclude<PairingState, { status: 'pending' }>;

/**
 * Only this reply is ever sent to the pair page's content script: no token, no entry. `confirm`: the
 * link was handed over and the extension asks the user in its own page.
 */
export type PairLinkReply = { type: 'confirm' } | { type: 'error'; error: ErrorKind; message: string };

/** Sent to the pair page's tab once the user answered on the confirmation page: the shop's name at most. */
export type PairOutcome =
  | { type: 'pair:outcome'; state: 'connected'; merchant_name: string }
  | { type: 'pair:outcome'; state: 'cancelled' }
  | { type: 'pair:outcome'; state: 'failed'; error: ErrorKind };

export type ResponseTo<R extends Request> = R['type'] extends 'wallet:get' | 'wallet:refresh' | 'wallet:remove'
  ? Extract<Response, { type: 'wallet' }> | Extract<Response, { type: 'error' }>
  : Response;

const REQUEST_TYPES = new Set<string>([
  'wallet:get',
  'wallet:refresh',
  'wallet:remove',
  'pair:start',
  'pair:poll',
  'pair:cancel',
  'pair:link',
  'pair:confirm-link',
  'pair:decline-link',
  'scan:active-tab',
  'code:save',
  'code:remove',
  'code:copy',
]);

const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const isTabId = (v: unknown): v is number | null => v === null || (Number.isSafeInteger(v) && (v as number) >= 0);

/** Shape check of what arrives: anything else is ignored, never half-handled. */
export function parseRequest(message: unknown): Request | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (typeof m.type !== 'string' || !REQUEST_TYPES.has(m.type)) return null;
  switch (m.type) {
    case 'wallet:remove':
    case 'code:remove':
      return isString(m.id, 200) ? ({ type: m.type, id: m.id } as Request) : null;
    case 'code:copy':
      return isString(m.entry_id, 200) ? { type: 'code:copy', entry_id: m.entry_id } : null;
    case 'pair:link':
      return isString(m.link, 2048) ? { type: 'pair:link', link: m.link } : null;
    case 'pair:confirm-link':
      return isString(m.link, 2048) && isTabId(m.tab_id)
        ? { type: 'pair:confirm-link', link: m.link, tab_id: m.tab_id }
        : null;
    case 'pair:decline-link':
      return isTabId(m.tab_id) ? { type: 'pair:decline-link', tab_id: m.tab_id } : null;
    case 'code:save': {
      const c = m.code as Record<string, unknown> | undefined;
      if (!c || (c.kind !== 'code' && c.kind !== 'link') || !isString(c.value, 2048) || !isString(c.context, 2000))
        return null;
      if (c.page_origin !== null && !isString(c.page_origin, 300)) return null;
      return {
        type: 'code:save',
        code: { kind: c.kind, value: c.value, page_origin: c.page_origin as string | null, context: c.context },
      };
    }
    default:
      return { type: m.type } as Request;
  }
}

/** Send a request from an extension page (popup, share page). */
export async function send<R extends Request>(request: R): Promise<ResponseTo<R>> {
  const res = (await browser.runtime.sendMessage(request)) as ResponseTo<R> | undefined;
  if (!res) throw new Error('The extension background did not answer.');
  return res;
}
