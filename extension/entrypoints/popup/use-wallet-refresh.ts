import { useEffect, useState } from 'preact/hooks';
import { send } from '../../lib/messages.ts';

/**
 * Asks the background for a wallet refresh on open (and on `refresh()`), and re-renders every 30 s so
 * "Updated 2 min ago" keeps counting while the popup stays open.
 */
export function useWalletRefresh(): [refreshing: boolean, refresh: () => void] {
  const [refreshing, setRefreshing] = useState(true);
  const [, setTick] = useState(0);
  const refresh = () => {
    setRefreshing(true);
    void send({ type: 'wallet:refresh' })
      .catch(() => null)
      .finally(() => setRefreshing(false));
  };
  useEffect(() => {
    refresh();
    const id = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(id);
  }, []);
  return [refreshing, refresh];
}
