import { describe, expect, it } from 'vitest';
import { workerSuite } from '../../support/suite.ts';
import { startWorker } from '../../support/worker.ts';

const TOKEN = 'dev-tick-token-for-this-test-0123456789';

// Only refusals here: a tick that runs would approve and deliver whatever is due in the shared test
// database. The running tick is shown under the real `npm start` (test/e2e/npm-start.test.ts).
const suite = workerSuite({ worker: { bindings: { DEV_TICK_TOKEN: TOKEN } } });

const tick = (worker: typeof suite.worker, authorization?: string) =>
  worker.fetch('/_dev/scheduled', { method: 'POST', headers: authorization ? { Authorization: authorization } : {} });

describe('POST /_dev/scheduled (the scheduled work for npm start)', () => {
  it('asks for the token npm start generated: none or a wrong one is a 401 with a code', async () => {
    for (const auth of [undefined, `Bearer ${TOKEN.replace('0', '1')}`, `Basic ${TOKEN}`, 'Bearer short']) {
      const res = await tick(suite.worker, auth);
      expect(res.status).toBe(401);
      const error = { type: 'authentication_error', code: 'invalid_dev_tick_token' };
      expect(await res.json()).toEqual({ error: expect.objectContaining(error) });
    }
  });

  it('does not exist in production, even with the right token, nor where no token is configured', async () => {
    const stages: Record<string, string>[] = [
      { VOUCH_ENV: 'production', DEV_TICK_TOKEN: TOKEN },
      { VOUCH_ENV: '', DEV_TICK_TOKEN: TOKEN },
      {},
    ];
    for (const bindings of stages) {
      const worker = await startWorker({ bridge: suite.bridge, bindings });
      try {
        const res = await tick(worker, `Bearer ${TOKEN}`);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: expect.objectContaining({ code: 'route_not_found' }) });
      } finally {
        await worker.dispose();
      }
    }
  });
});
