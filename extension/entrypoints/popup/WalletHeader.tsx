import { ago } from '../../lib/format.ts';
import type { Wallet } from '../../lib/storage.ts';
import { t } from '../../ui/strings.ts';

/** The popup's title, when the wallet was last updated, the refresh button, and why a refresh failed. */
export function WalletHeader(props: { wallet: Wallet; refreshing: boolean; onRefresh: () => void }) {
  const { wallet, refreshing } = props;
  return (
    <>
      <header class="top">
        <h1>{t.appName}</h1>
        <p class="muted" role="status" data-testid="wallet-updated">
          {refreshing ? t.updating : wallet.refreshed_at ? t.updatedAgo(ago(wallet.refreshed_at)) : t.neverUpdated}
        </p>
        <button
          type="button"
          class="icon"
          onClick={props.onRefresh}
          disabled={refreshing}
          aria-label={t.refresh}
          data-testid="wallet-refresh"
        >
          ↻
        </button>
      </header>

      {wallet.refresh_error && !refreshing && (
        <p class="notice warn" role="alert" data-testid="wallet-error" data-error={wallet.refresh_error}>
          {wallet.refresh_error === 'offline' ? t.offline : t.serverError}
        </p>
      )}
    </>
  );
}

/** Shown while the stored wallet is read (the first render). */
export function WalletLoading() {
  return (
    <main aria-busy="true" data-testid="popup-loading">
      <h1>{t.appName}</h1>
      <p class="sr">{t.loading}</p>
      <div class="skeleton" />
      <div class="skeleton" />
    </main>
  );
}

/** "Connected to {shop}" after a pairing, until dismissed. */
export function ConnectedNotice(props: { shop: string; onDone: () => void }) {
  return (
    <p class="notice ok" role="status" data-testid="pairing-connected">
      {t.connected(props.shop)}{' '}
      <button type="button" class="link-button" onClick={props.onDone}>
        {t.connectDone}
      </button>
    </p>
  );
}
