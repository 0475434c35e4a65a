import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { IoredisBackend } from '../../scripts/redis-rest/backend-ioredis.ts';
import { type ResolvedRedis, resolveRedis } from '../../scripts/redis-rest/resolve-redis.ts';
import { findChromium } from './chromium.ts';
import { TEST_DB } from './test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A redis:// URL every suite connects to, or 'memory' for the embedded engine. */
    redisUrl: string;
  }
}

let redis: ResolvedRedis | undefined;

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.warn(
    ['', '#'.repeat(width), ...lines.map((l) => `# ${l.padEnd(width - 4)} #`), '#'.repeat(width), ''].join('\n'),
  );
}

export async function setup(project: TestProject) {
  const ci = Boolean(process.env.CI);
  // The API documents too: the Worker serves /v1/openapi.json and /docs from the build (scripts/build-api-docs.ts).
  const artifacts = [
    'dist/public/widget/vouch.js',
    'dist/extension/chrome-mv3/manifest.json',
    'dist/public/_api-docs/openapi.json',
  ];
  for (const artifact of artifacts) {
    if (!existsSync(artifact))
      throw new Error(`${artifact} is missing: run \`npm run build\` (npm test does it for you).`);
  }

  redis = await resolveRedis({ allowMemory: !ci });
  if (redis.source === 'memory') {
    // The fallback cannot be shared across test processes: each suite gets its own engine.
    banner([
      'Redis not found: integration suites run on the embedded engine.',
      'Results prove less than against real Redis.',
    ]);
    project.provide('redisUrl', 'memory');
  } else {
    project.provide('redisUrl', redis.url!);
    // The shared test database starts empty each run (the developer's db 0 is never touched).
    const url = new URL(redis.url!);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !process.env.VOUCH_TEST_ALLOW_REMOTE_REDIS) {
      throw new Error(
        `Tests empty database ${TEST_DB} of ${url.host}; refusing on a non-local ` +
          `Redis. Set VOUCH_TEST_ALLOW_REMOTE_REDIS=1 if that is really meant.`,
      );
    }
    url.pathname = `/${TEST_DB}`;
    const testDb = await IoredisBackend.connect(url.toString());
    await testDb.command(['FLUSHDB']);
    await testDb.close();
  }

  if (!findChromium()) {
    if (ci)
      throw new Error(
        'No Chromium found and CI is set: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH.',
      );
    banner([
      'Chromium not found: the browser end-to-end suite is SKIPPED.',
      'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).',
    ]);
  }
}

export async function teardown() {
  await redis?.stop();
}
