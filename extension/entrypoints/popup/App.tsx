import { useEffect, useState } from 'preact/hooks';
import { send } from '../../lib/messages.ts';
import type { Wallet } from '../../lib/storage.ts';

export function App() {
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    send({ type: 'wallet:get' })
      .then((res) => setWallet(res.wallet))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);

  return (
    <main>
      <h1>Vouch</h1>
      {error && <p role="alert">Could not read your wallet: {error}</p>}
      {!error && wallet === null && <p aria-busy="true">Loading your wallet…</p>}
      {wallet && wallet.entries.length === 0 && (
        <p class="empty">Your wallet is empty. Connect a shop where you are a member to see your referral links here.</p>
      )}
      {wallet && wallet.entries.length > 0 && (
        <ul>
          {wallet.entries.map((e) => (
            <li key={e.program_id}>
              <strong>{e.merchant_name}</strong> <code>{e.code}</code>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
