// Moved to lib/ (the storage layer mints console links and sessions); kept for the auth middleware's import.
export { isLinkToken, isSessionToken, looksLikeSession } from '../lib/console-tokens.ts';
