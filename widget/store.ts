/**
 * State held outside the component tree (its `_`-prefixed methods, like the state's fields, are
 * shortened by the build: scripts/build-widget.ts): commands replayed from the queue (`vouch('open')`,
 * `identify`) may arrive before any component has subscribed, and must not be lost.
 */
export function createStore<T extends object>(initial: T) {
  let value = initial;
  const listeners = new Set<(v: T) => void>();
  return {
    _get: () => value,
    _set(patch: Partial<T>) {
      value = { ...value, ...patch };
      for (const l of listeners) l(value);
    },
    // Roots are rendered once and never unmounted: no unsubscribing.
    _subscribe(listener: (v: T) => void): void {
      listeners.add(listener);
    },
  };
}
