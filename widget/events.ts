import { guard } from './safe.ts';

/** Events a merchant can follow with `vouch('on', name, cb)`. */
const PUBLIC_EVENTS = ['ready', 'open', 'close', 'copy', 'share', 'referral'] as const;
export type PublicEvent = (typeof PUBLIC_EVENTS)[number];

// `ready` and `referral` happen once per page: a late subscriber still hears them.
const STICKY: readonly string[] = ['ready', 'referral'];

export function createEmitter() {
  const listeners = new Map<string, ((detail: unknown) => void)[]>();
  const past = new Map<string, unknown>();
  return {
    _on(name: string, cb: unknown) {
      if (typeof cb !== 'function' || !PUBLIC_EVENTS.includes(name as PublicEvent))
        throw new TypeError(`on: unknown "${name}"`);
      // A throwing merchant callback must neither break us nor the other listeners.
      const safe = guard(cb as (d: unknown) => void);
      listeners.set(name, [...(listeners.get(name) ?? []), safe]);
      if (past.has(name)) safe(past.get(name));
    },
    _emit(name: PublicEvent, detail: unknown = {}) {
      if (STICKY.includes(name)) past.set(name, detail);
      for (const l of listeners.get(name) ?? []) l(detail);
    },
  };
}
