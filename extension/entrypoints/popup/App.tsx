import { useEffect, useState } from 'preact/hooks';
import { ago } from '../../lib/format.ts';
import { send } from '../../lib/messages.ts';
import { pairingItem, savedCodesItem, walletItem, type SavedCode, type WalletItem } from '../../lib/storage.ts';
import { Connect } from '../../ui/Connect.tsx';
import { EntryCard } from '../../ui/EntryCard.tsx';
import { SavedCodes } from '../../ui/SavedCodes.tsx';
import { Scan } from '../../ui/Scan.tsx';
import { t } from '../../ui/strings.ts';
import { useStored } from '../../ui/use-stored.ts';

const matchEntry = (q: string) => (e: WalletItem) =>
  [e.entry.merchant.name, e.entry.program.name, e.entry.advocate.code, e.entry.advocate.link].some((s) =>
    s.toLowerCase().includes(q),
  );
const matchCode = (q: string) => (c: SavedCode) =>
  [c.value, c.context, c.page_origin ?? '', c.recognized?.merchant_name ?? ''].some((s) => s.toLowerCase().includes(q));

/**
 * The popup: renders the wallet stored by the background at once, then asks for a refresh and
 * re-renders when the background writes it.
 */
export function App() {
  const wallet = useStored(walletItem);
  const saved = useStored(savedCodesItem);
  const [refreshing, setRefreshing] = useState(true);
  const [query, setQuery] = useState('');
  const [connecting, setConnecting] = useState(false);
  const [connected, setConnected] = useState<string | null>(null);
  const [, setTick] = useState(0);

  const refresh = () => {
    setRefreshing(true);
    void send({ type: 'wallet:refresh' })
      .catch(() => null)
      .finally(() => setRefreshing(false));
  };
  useEffect(() => {
    refresh();
    // "Updated 2 min ago" keeps counting while the popup stays open.
    const id = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(id);
  }, []);

  const onPaired = (entryId: string) => {
    setConnecting(false);
    const shop = wallet?.entries.find((e) => e.id === entryId)?.entry.merchant.name;
    void walletItem
      .getValue()
      .then((w) => setConnected(w.entries.find((e) => e.id === entryId)?.entry.merchant.name ?? shop ?? null));
    void pairingItem.setValue(null);
  };

  if (!wallet) {
    return (
      <main aria-busy="true" data-testid="popup-loading">
        <h1>{t.appName}</h1>
        <p class="sr">{t.loading}</p>
        <div class="skeleton" />
        <div class="skeleton" />
      </main>
    );
  }

  const q = query.trim().toLowerCase();
  const entries = q ? wallet.entries.filter(matchEntry(q)) : wallet.entries;
  const codes = (q ? saved?.filter(matchCode(q)) : saved) ?? [];
  const empty = wallet.entries.length === 0;

  return (
    <main data-testid="popup" data-state={refreshing ? 'refreshing' : 'ready'}>
      <header class="top">
        <h1>{t.appName}</h1>
        <p class="muted" role="status" data-testid="wallet-updated">
          {refreshing ? t.updating : wallet.refreshed_at ? t.updatedAgo(ago(wallet.refreshed_at)) : t.neverUpdated}
        </p>
        <button
          type="button"
          class="icon"
          onClick={refresh}
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
      {connected && (
        <p class="notice ok" role="status" data-testid="pairing-connected">
          {t.connected(connected)}{' '}
          <button type="button" class="link-button" onClick={() => setConnected(null)}>
            {t.connectDone}
          </button>
        </p>
      )}

      {!empty && (
        <div class="search">
          <label for="search" class="sr">
            {t.search}
          </label>
          <input
            id="search"
            type="search"
            placeholder={t.search}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            data-testid="search"
          />
        </div>
      )}

      <Connect open={connecting || empty} closable={!empty} onClose={() => setConnecting(false)} onPaired={onPaired} />

      {empty ? (
        <section class="empty" data-testid="wallet-empty" aria-labelledby="empty-title">
          <h2 id="empty-title">{t.emptyTitle}</h2>
          <p>{t.emptyBody}</p>
        </section>
      ) : (
        <section aria-labelledby="wallet-title">
          <div class="row spread">
            <h2 id="wallet-title">{t.wallet}</h2>
            {!connecting && (
              <button type="button" onClick={() => setConnecting(true)} data-testid="connect-open">
                {t.connect}
              </button>
            )}
          </div>
          {entries.length === 0 && q && <p class="muted">{t.noMatches(query)}</p>}
          {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul> (ui/styles.css) */}
          <ul class="entries" role="list" data-testid="wallet-list">
            {entries.map((item) => (
              <EntryCard key={item.id} item={item} onReconnect={() => setConnecting(true)} />
            ))}
          </ul>
        </section>
      )}

      <Scan query={q} />
      <SavedCodes codes={codes} filtered={!!q} />
    </main>
  );
}
