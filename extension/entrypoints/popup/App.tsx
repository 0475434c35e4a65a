import { useState } from 'preact/hooks';
import { pairingItem, type SavedCode, savedCodesItem, type WalletItem, walletItem } from '../../lib/storage.ts';
import { Connect } from '../../ui/Connect.tsx';
import { SavedCodes } from '../../ui/SavedCodes.tsx';
import { Scan } from '../../ui/Scan.tsx';
import { useStored } from '../../ui/use-stored.ts';
import { useWalletRefresh } from './use-wallet-refresh.ts';
import { ConnectedNotice, WalletHeader, WalletLoading } from './WalletHeader.tsx';
import { SearchBox, WalletEmpty, WalletList } from './WalletList.tsx';

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
  const [refreshing, refresh] = useWalletRefresh();
  const [query, setQuery] = useState('');
  const [connecting, setConnecting] = useState(false);
  const [connected, setConnected] = useState<string | null>(null);

  const onPaired = (entryId: string) => {
    setConnecting(false);
    const shop = wallet?.entries.find((e) => e.id === entryId)?.entry.merchant.name;
    void walletItem
      .getValue()
      .then((w) => setConnected(w.entries.find((e) => e.id === entryId)?.entry.merchant.name ?? shop ?? null));
    void pairingItem.setValue(null);
  };

  if (!wallet) return <WalletLoading />;

  const q = query.trim().toLowerCase();
  const entries = q ? wallet.entries.filter(matchEntry(q)) : wallet.entries;
  const codes = (q ? saved?.filter(matchCode(q)) : saved) ?? [];
  const empty = wallet.entries.length === 0;

  return (
    <main data-testid="popup" data-state={refreshing ? 'refreshing' : 'ready'}>
      <WalletHeader wallet={wallet} refreshing={refreshing} onRefresh={refresh} />
      {connected && <ConnectedNotice shop={connected} onDone={() => setConnected(null)} />}

      {!empty && <SearchBox value={query} onInput={setQuery} />}

      <Connect open={connecting || empty} closable={!empty} onClose={() => setConnecting(false)} onPaired={onPaired} />

      {empty ? (
        <WalletEmpty />
      ) : (
        <WalletList entries={entries} query={query} connecting={connecting} onConnect={() => setConnecting(true)} />
      )}

      <Scan query={q} />
      <SavedCodes codes={codes} filtered={!!q} />
    </main>
  );
}
