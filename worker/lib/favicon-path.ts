/** The icon every Vouch page links (`<link rel="icon">`); browsers also ask for /favicon.ico by themselves. */
export const FAVICON_PATH = '/favicon.svg';
