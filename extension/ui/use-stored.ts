import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from '#imports';

/**
 * A storage item's value, live: read once (undefined until then), then updated on every change by
 * any context (the background writing a refresh, a pairing, a scan).
 */
export function useStored<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void item.getValue().then((v) => live && setValue(v));
    const unwatch = item.watch((v) => setValue(v));
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
