import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { BROWSER_UA } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

const suite = workerSuite();
let m: TestMerchant;
let api: ReturnType<typeof apiClient>;
let programId: string;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, m.sk);
  programId = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
});

// 40,000 two-byte characters: 80,000 bytes, over the 64 KiB limit, though under it in characters.
const MULTI_BYTE = JSON.stringify({ external_id: 'big', name: '\u00E9'.repeat(40_000) });

type Answer = { status: number; body: any };

/**
 * A POST over real HTTP, the body written in chunks with no Content-Length (Transfer-Encoding:
 * chunked), a few milliseconds apart as a slow client would; writing stops once the Worker answers.
 */
function postChunked(path: string, chunks: string[], headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    // A connection of its own (agent: false): Node 20's global agent keeps sockets alive, and a socket the
    // Worker closed after the previous test's 413 would be reused here and fail with ECONNRESET at once.
    const req = request(new URL(path, suite.worker.url), { method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    void (async () => {
      for (const chunk of chunks) {
        if (answered) break;
        req.write(chunk);
        await new Promise((r) => setTimeout(r, 3));
      }
      req.end();
    })();
  });
}

const split = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

describe('request body limit (64 KiB, in bytes)', () => {
  it('answers 413 to a multi-byte body over the limit with a Content-Length', async () => {
    expect(MULTI_BYTE.length).toBeLessThan(64 * 1024);
    expect(Buffer.byteLength(MULTI_BYTE)).toBeGreaterThan(64 * 1024);
    const res = await api.post(`/v1/programs/${programId}/advocates`, MULTI_BYTE);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'body_too_large' });
  });

  it('answers 413 to the same body sent chunked, without a Content-Length', async () => {
    const headers = { Authorization: `Bearer ${m.sk}`, 'Content-Type': 'application/json' };
    const res = await postChunked(`/v1/programs/${programId}/advocates`, split(MULTI_BYTE, 4096), headers);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'body_too_large' });
  });

  it('answers 413 before the idempotency check reads a chunked body', async () => {
    const key = `big-${Date.now()}`;
    const headers = { Authorization: `Bearer ${m.sk}`, 'Content-Type': 'application/json', 'Idempotency-Key': key };
    const res = await postChunked(`/v1/programs/${programId}/advocates`, split(MULTI_BYTE, 4096), headers);
    expect(res.status).toBe(413);
  });

  it('still takes a chunked body under the limit, counted in bytes', async () => {
    const body = JSON.stringify({ external_id: `chunked-${Date.now()}`, name: '\u00C9lodie \u5C71\u7530' });
    const headers = { Authorization: `Bearer ${m.sk}`, 'Content-Type': 'application/json; charset=utf-8' };
    const res = await postChunked(`/v1/programs/${programId}/advocates`, split(body, 7), headers);
    expect(res.status).toBe(201);
    expect(res.body.advocate.name).toBe('\u00C9lodie \u5C71\u7530');
  });
});

describe('media types', () => {
  it.each([
    ['form-encoded', 'application/x-www-form-urlencoded', 'external_id=x&name=Eve'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="n"\r\n\r\nE\r\n--x--',
    ],
    ['text/plain', 'text/plain;charset=UTF-8', '{"external_id":"tp","name":"Eve"}'],
    ['XML', 'application/xml', '<advocate/>'],
    ['JSON without a Content-Type', '', '{"external_id":"none","name":"Eve"}'],
  ])('a JSON endpoint answers 415 to %s', async (_, type, body) => {
    const res = await suite.worker.fetch(`/v1/programs/${programId}/advocates`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${m.sk}`, ...(type ? { 'Content-Type': type } : {}) },
      body,
    });
    expect(res.status).toBe(415);
    const { error } = (await res.json()) as { error: object };
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_media_type' });
  });

  it('takes application/json with a charset, and an empty body without any type', async () => {
    const body = JSON.stringify({ external_id: `cs-${Date.now()}`, name: 'Eve' });
    const json = { 'Content-Type': 'application/json; charset=utf-8' };
    const res = await api.post(`/v1/programs/${programId}/advocates`, body, json);
    expect(res.status).toBe(201);
    // A body-less POST (curl -X POST) has nothing to misread.
    const auth = { Authorization: `Bearer ${m.sk}` };
    const link = await suite.worker.fetch('/v1/console_links', { method: 'POST', headers: auth });
    expect(link.status).toBe(201);
    await link.arrayBuffer();
  });

  it('the widget beacon keeps taking text/plain JSON, as sendBeacon sends it', async () => {
    const origin = 'https://shop.example';
    const headers = { 'Content-Type': 'text/plain;charset=UTF-8', Origin: origin, 'User-Agent': BROWSER_UA };
    const events = [{ type: 'impression', program_id: programId }];
    const beacon = { method: 'POST', headers, body: JSON.stringify({ events }) };
    const res = await suite.worker.fetch(`/v1/public/events?key=${m.pk}`, beacon);
    expect(res.status).toBe(202);
    await res.arrayBuffer();
    const form = await suite.worker.fetch(`/v1/public/events?key=${m.pk}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'events=1',
    });
    expect(form.status).toBe(415);
    await form.arrayBuffer();
  });
});

describe('display text', () => {
  it.each([
    ['a right-to-left override', 'Alice\u202Eexe.gpj'],
    ['an isolate', '\u2067Mallory'],
    ['a control character', 'Eve\u001B[2J'],
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
  ])('an advocate name with %s is a 400 naming the field, and nothing is created', async (_, name) => {
    const res = await api.post(`/v1/programs/${programId}/advocates`, { external_id: `bidi-${Date.now()}`, name });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param: 'name' });
  });

  it('program names and reward descriptions refuse bidi overrides too', async () => {
    const res = await api.post('/v1/programs', { ...PROGRAM_INPUT, name: 'Give 15%\u202E' });
    expect(res.body.error).toMatchObject({ code: 'invalid_request', param: 'name' });
    const offer = { type: 'free_product', product_name: '\u2066Mug\u2069' };
    const bad = await api.post('/v1/programs', { ...PROGRAM_INPUT, referee_offer: offer });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('referee_offer.product_name');
  });
});
