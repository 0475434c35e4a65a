/**
 * `vouch(...)` calls made before the bundle arrives sit in `vouch.q`; once loaded we replay them
 * and replace the stub with a function that dispatches straight away.
 */
export type Command = [name: string, ...args: unknown[]];
export type VouchFunction = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

export function installCommandQueue(win: Window & { vouch?: VouchFunction }, dispatch: (cmd: Command) => void): void {
  const pending = win.vouch?.q ? Array.from(win.vouch.q) : [];
  const vouch: VouchFunction = (...args: unknown[]) => dispatch(args as Command);
  vouch.loaded = true;
  win.vouch = vouch;
  for (const args of pending) dispatch(Array.from(args) as Command);
}
