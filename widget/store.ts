import { Component, type ComponentChildren } from 'preact';

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
      listeners.forEach((l) => l(value));
    },
    _subscribe(listener: (v: T) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
export type Store<T extends object> = ReturnType<typeof createStore<T>>;

/**
 * Renders `view(state)` again on every change; `after` runs once the DOM is updated. One class
 * instead of preact/hooks keeps about 1 KB gzip out of the bundle.
 */
export class Connect<T extends object> extends Component<{ store: Store<T>; view: (s: T) => ComponentChildren; after?: (s: T) => void }> {
  // Roots are rendered once and never unmounted: nothing to unsubscribe.
  override componentDidMount() {
    this.props.store._subscribe(() => this.setState({}));
    this.componentDidUpdate();
  }
  override componentDidUpdate() {
    this.props.after?.(this.props.store._get());
  }
  render() {
    return this.props.view(this.props.store._get());
  }
}
