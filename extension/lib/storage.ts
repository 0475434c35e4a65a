import { storage } from '#imports';

/**
 * All extension state, in one typed, versioned item. Bump `version` and add a migration when the
 * shape changes, so wallets saved by older builds keep working.
 */
export interface WalletEntry {
  merchant_name: string;
  program_id: string;
  code: string;
  link: string;
}

export interface Wallet {
  entries: WalletEntry[];
}

export const walletItem = storage.defineItem<Wallet>('local:wallet', {
  version: 1,
  fallback: { entries: [] },
});
