/**
 * Host pages wrap, polyfill and sometimes break globals (a later analytics script patching fetch,
 * Prototype.js adding Array.prototype.toJSON). We take our references once, when the bundle runs,
 * and never let an error of ours escape into the page.
 */
const W = window;
const J = W.JSON;
const stringify = J.stringify;
const parse = J.parse;
const nativeFetch = W.fetch;
const beacon = navigator.sendBeacon;

export const fetchSafe: typeof fetch = (input, init) => nativeFetch.call(W, input, init);

/** JSON.stringify without a host's Array.prototype.toJSON (which turns arrays into strings). */
export function toJson(value: unknown): string {
  const proto = Array.prototype as { toJSON?: unknown };
  const patched = Object.hasOwn(proto, 'toJSON') ? proto.toJSON : undefined;
  if (patched) delete proto.toJSON;
  try {
    return stringify.call(J, value);
  } finally {
    if (patched) proto.toJSON = patched;
  }
}

export const fromJson = <T>(text: string): T => parse.call(J, text) as T;

export function sendBeaconSafe(url: string, body: string): boolean {
  try {
    return !!beacon && beacon.call(navigator, url, body);
  } catch {
    return false;
  }
}

/** Runs `fn`, logging instead of throwing: the page must never see our errors. */
export function guard<A extends unknown[]>(fn: (...args: A) => unknown) {
  return (...args: A): void => {
    try {
      const out = fn(...args);
      if (out instanceof Promise) out.catch(report);
    } catch (err) {
      report(err);
    }
  };
}

/** A warning, or with `loud` an error with the message alone: a setup the merchant must fix. */
export function report(err: unknown, loud?: boolean): void {
  try {
    if (loud) console.error(`[vouch] ${(err as Error).message}`);
    else console.warn('[vouch]', err);
  } catch {
    /* a console that throws is not our problem to fix */
  }
}

/** Work that can wait until the page is idle (Safari has no requestIdleCallback). */
export function whenIdle(fn: () => void): void {
  const run = guard(fn);
  if (W.requestIdleCallback) W.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 1);
}

/** Storage throws in sandboxed frames and some private modes: treat that as empty. */
export function storageGet(area: 'localStorage' | 'sessionStorage', key: string): string | null {
  try {
    return W[area].getItem(key);
  } catch {
    return null;
  }
}
export function storageSet(area: 'localStorage' | 'sessionStorage', key: string, value: string | null): void {
  try {
    if (value === null) W[area].removeItem(key);
    else W[area].setItem(key, value);
  } catch {
    /* quota or disabled: the widget works without */
  }
}
