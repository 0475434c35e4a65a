import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { visitor } from '../../support/clicks.ts';
import { ALLOWED_HOST, OPEN_REDIRECT_CORPUS } from '../../support/open-redirect-corpus.ts';
import { workerSuite } from '../../support/suite.ts';

// Nothing in a request may send a visitor to a host the merchant did not allow.
const suite = workerSuite();
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a request line cannot carry
const UNSENDABLE = /[\r\n\u0000#?]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a line break or NUL in a Location is what the test catches
const BROKEN_LOCATION = /[\r\n\u0000]/;
let api: ReturnType<typeof apiClient>;
let code: string;

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker, { allowed_hosts: [ALLOWED_HOST] });
  api = apiClient(suite.worker, m.sk);
  const p = (await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: 'https://shop.example/welcome' })).body
    .id;
  code = (await api.post(`/v1/programs/${p}/advocates`, { external_id: 'open-redirect' })).body.code;
});

describe('open redirects', () => {
  it(`refuses every corpus payload as a program destination or fallback (${OPEN_REDIRECT_CORPUS.length} \
payloads)`, async () => {
    const accepted: string[] = [];
    for (const url of OPEN_REDIRECT_CORPUS) {
      const created = await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: url });
      const fallback = await api.post('/v1/programs', { ...PROGRAM_INPUT, fallback_url: url });
      if (created.status < 300 || fallback.status < 300) accepted.push(url);
      expect([400, 413, 422], JSON.stringify(url)).toContain(created.status);
    }
    expect(accepted).toEqual([]);
  });

  it('keeps every redirect on the allowed host whatever the deep path or query carries', async () => {
    const offHost: string[] = [];
    for (const payload of OPEN_REDIRECT_CORPUS) {
      for (const path of [
        `/r/${code}/${encodeURIComponent(payload)}`,
        `/r/${code}/${payload.replace(UNSENDABLE, '')}`,
        `/r/${code}?next=${encodeURIComponent(payload)}&ref=${encodeURIComponent(payload)}`,
      ]) {
        let res: Response;
        try {
          res = await suite.worker.fetch(path, { headers: visitor('203.0.113.120').headers(), redirect: 'manual' });
        } catch {
          continue; // not a valid request line: never reaches the Worker
        }
        const location = res.headers.get('location');
        if (res.status >= 500) offHost.push(`${res.status} for ${path}`);
        if (!location) continue;
        if (
          BROKEN_LOCATION.test(location) ||
          new URL(location).host !== ALLOWED_HOST ||
          new URL(location).protocol !== 'https:'
        )
          offHost.push(`${path} -> ${location}`);
      }
    }
    expect(offHost).toEqual([]);
  });
});
