// Set by wxt.config.ts (and the vitest `extension` project) from env VOUCH_API_ORIGIN at build time:
// the one origin the extension may talk to without asking, and whose /pair page it listens on.
declare const __VOUCH_API_ORIGIN__: string;

export const API_ORIGIN: string = __VOUCH_API_ORIGIN__;

/** The browser this build runs in (match patterns differ: Firefox's cannot carry a port). */
export const BROWSER: 'chrome' | 'firefox' = import.meta.env.FIREFOX ? 'firefox' : 'chrome';
