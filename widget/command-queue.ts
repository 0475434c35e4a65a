/**
 * `vouch(...)` calls made before the bundle arrives sit in `vouch.q` (the loader or the inline
 * stub puts them there); once loaded we replay them in order and replace the stub with a function
 * that dispatches straight away. `vouch.s` is the tag the loader was loaded from (its data-*).
 */
export type Command = [name: string, ...args: unknown[]];
export type VouchFunction = ((...args: unknown[]) => void) & {
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
  s?: HTMLScriptElement;
};

export function installCommandQueue(win: { vouch?: VouchFunction }, dispatch: (cmd: Command) => void): void {
  const stub = win.vouch;
  const pending = stub?.q ? Array.from(stub.q) : [];
  const vouch: VouchFunction = (...args: unknown[]) => dispatch(args as Command);
  vouch.loaded = true;
  if (stub?.s) vouch.s = stub.s;
  win.vouch = vouch;
  for (const args of pending) dispatch(Array.from(args) as Command);
}
