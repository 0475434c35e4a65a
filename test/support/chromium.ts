import { existsSync } from 'node:fs';
import { findOnPath } from '../../scripts/redis-rest/resolve-redis.ts';

/** The system Chromium (Debian's package), or CHROMIUM_PATH. Playwright's own download can't run here. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return undefined;
}

/** Flags for a quiet, offline, root-safe headless Chromium. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
