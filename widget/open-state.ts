/**
 * Whether the panel is open, held outside the component tree: `vouch('open')` may be replayed
 * from the queue before the component has subscribed, and must not be lost.
 */
type Listener = (open: boolean) => void;

export function createOpenState(initial = false) {
  let value = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set(next: boolean) {
      if (next === value) return;
      value = next;
      listeners.forEach((l) => l(next));
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
export type OpenState = ReturnType<typeof createOpenState>;
