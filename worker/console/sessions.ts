// The console's links and sessions are stored by worker/storage/sessions.ts (consoleSessionStore);
// this type stays here until the auth middleware imports it from there.
export type { ConsoleSessionRecord } from '../storage/sessions.ts';
