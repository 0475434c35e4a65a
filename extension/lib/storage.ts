import { storage } from '#imports';
import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import type { WalletEntry } from '../../shared/schemas/extension.ts';
import type { RefereeOffer } from '../../shared/schemas/program.ts';

/**
 * All extension state: every item is defined here, typed and versioned. Bump an item's `version`
 * and add a migration when its shape changes, so data saved by older builds keeps working.
 *
 * Advocate tokens are kept apart from the wallet (`local:tokens`): the popup and the share page
 * read the wallet straight from storage to render instantly, and only background/ ever reads the
 * tokens. Nothing here is sent to web pages; the one content script (the pair page) imports none of it.
 */

export type EntryStatus = 'ok' | 'revoked';

/** One paired advocate (one merchant's program), as every extension page may see it: no token. */
export interface WalletItem {
  id: string;
  entry: WalletEntry;
  /** When the background last fetched `entry` (ms since epoch). */
  fetched_at: number;
  /** When the user last copied, shared or inserted this entry's link: "most recently used". */
  last_used_at: number;
  /** `revoked`: the Worker refused the token (401): the user must pair again ("Reconnect"). */
  status: EntryStatus;
  /**
   * Paid out history and reward codes (issue 16), from GET /v1/extension/wallet/rewards; absent until
   * the first refresh that got them (entries saved by older builds have none: no migration needed).
   */
  rewards?: EntryRewards;
}

export type EntryRewards = Pick<AdvocateWallet, 'payouts' | 'reward_codes'>;

export interface Wallet {
  entries: WalletItem[];
  /** The last refresh attempt that reached the Worker (ms), or null. */
  refreshed_at: number | null;
  /** Why the last refresh failed for every entry, if it did (shown as a banner). */
  refresh_error: 'offline' | 'server' | null;
}

/** A code the Worker recognised as a Vouch code or link. */
export interface Recognized {
  code: string | null;
  merchant_name: string | null;
  program_name: string | null;
  referee_offer: RefereeOffer | null;
}

export interface SavedCode {
  id: string;
  kind: 'code' | 'link';
  value: string;
  /** Origin of the page it was found on; null when not known (e.g. migrated). */
  page_origin: string | null;
  context: string;
  recognized: Recognized | null;
  saved_at: number;
}

export type PairingState =
  | {
      status: 'pending';
      device_code: string;
      user_code: string;
      expires_at: string;
      interval: number;
      started_at: number;
      next_poll_at: number;
      /** A transient problem while polling (offline, rate limited); polling continues. */
      problem: 'offline' | 'rate_limited' | 'server' | null;
    }
  | { status: 'paired'; entry_id: string; merchant_name: string; at: number }
  | { status: 'expired'; at: number }
  | { status: 'failed'; error: string; at: number };

export interface Settings {
  /** Show the reward on the toolbar badge on merchant sites the user granted access to. */
  badge: boolean;
}

export interface ScanFinding {
  kind: 'code' | 'link';
  value: string;
  context: string;
  score: number;
  vouch: boolean;
  recognized: Recognized | null;
}

export interface ScanResult {
  status: 'done';
  page_origin: string;
  page_title: string;
  scanned_at: number;
  findings: ScanFinding[];
  /** The Worker could not be asked which codes are Vouch codes. */
  recognition_error: 'offline' | 'server' | 'rate_limited' | null;
}

/** The last scan: kept for the session so a scan started by a menu or shortcut shows in the popup. */
export type ScanState =
  | { status: 'scanning'; page_origin: string; page_title: string; started_at: number }
  | ScanResult
  | { status: 'failed'; page_origin: string; page_title: string; error: string; at: number };

/** The scaffold's (v1) wallet: no token, so nothing to refresh or revoke. */
interface WalletV1 {
  entries: { merchant_name: string; program_id: string; code: string; link: string }[];
}

export const savedCodesItem = storage.defineItem<SavedCode[]>('local:saved_codes', { version: 1, fallback: [] });

export const walletItem = storage.defineItem<Wallet>('local:wallet', {
  version: 2,
  fallback: { entries: [], refreshed_at: null, refresh_error: null },
  migrations: {
    // v1 entries carried no token, so they cannot be refreshed: keep their codes and links as saved
    // codes instead of silently dropping them, and start the wallet empty (the user pairs again).
    2: async (old: WalletV1 | null): Promise<Wallet> => {
      const now = Date.now();
      const migrated = (old?.entries ?? []).flatMap((e): SavedCode[] => [
        {
          id: `v1-code-${e.program_id}`,
          kind: 'code',
          value: e.code,
          page_origin: null,
          context: `Saved in an earlier version: ${e.merchant_name}`,
          recognized: { code: e.code, merchant_name: e.merchant_name, program_name: null, referee_offer: null },
          saved_at: now,
        },
        {
          id: `v1-link-${e.program_id}`,
          kind: 'link',
          value: e.link,
          page_origin: null,
          context: `Saved in an earlier version: ${e.merchant_name}`,
          recognized: { code: e.code, merchant_name: e.merchant_name, program_name: null, referee_offer: null },
          saved_at: now,
        },
      ]);
      if (migrated.length) {
        // Both the popup and the background may run this migration; the ids make it idempotent.
        const saved = await savedCodesItem.getValue();
        const ids = new Set(saved.map((c) => c.id));
        await savedCodesItem.setValue([...saved, ...migrated.filter((c) => !ids.has(c.id))]);
      }
      return { entries: [], refreshed_at: null, refresh_error: null };
    },
  },
});

/** Advocate tokens (`vat_…`) by wallet item id. Read and written by background/ only. */
export const tokensItem = storage.defineItem<Record<string, string>>('local:tokens', { version: 1, fallback: {} });

export const pairingItem = storage.defineItem<PairingState | null>('local:pairing', { version: 1, fallback: null });

export const settingsItem = storage.defineItem<Settings>('local:settings', { version: 1, fallback: { badge: true } });

// Session storage: a scan's findings are page content, not worth keeping past the browser session.
export const lastScanItem = storage.defineItem<ScanState | null>('session:last_scan', { version: 1, fallback: null });

/** The wallet item id of an entry: one per advocate and program. */
export const entryId = (entry: WalletEntry): string => `${entry.advocate.id}:${entry.program.id}`;
