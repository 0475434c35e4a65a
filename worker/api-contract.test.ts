import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../shared/api/openapi.ts';
import { ROUTES, type RouteSpec } from '../shared/api/routes.ts';
import { createApp } from './app.ts';
import { renderDocs } from './routes/docs-page.ts';

// Served but not part of the JSON API contract.
const NOT_IN_CONTRACT = new Set([
  'GET /docs',
  'GET /r/*',
  'HEAD /r/*',
  'GET /pair',
  'GET /console',
  'GET /console/*',
  'GET /console/preview',
  // The home page and its icon; the development-only scheduled-work tick (404 in production).
  'GET /',
  'GET /favicon.svg',
  'GET /favicon.ico',
  'POST /_dev/scheduled',
]);

describe('API contract', () => {
  it('documents exactly the routes the Worker serves', () => {
    const served = createApp()
      .routes.filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/\/$/, '') || '/'}`)
      .filter((r) => !NOT_IN_CONTRACT.has(r));
    const documented = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`);
    expect(new Set(served)).toEqual(new Set(documented));
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('builds an OpenAPI 3.1 document with schemas for every body and answer', () => {
    const doc = buildOpenApi({ version: '9.9.9', serverUrl: 'https://vouch.example' }) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    // `/r/{code}` (GET and HEAD) is documented beside the JSON contract: shared/api/openapi-redirect.ts.
    const ops = (Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as any[]).filter(
      (op) => !op.tags.includes('Redirects'),
    );
    expect(ops).toHaveLength(ROUTES.length);
    for (const op of ops) {
      const success = Object.entries(op.responses).find(([s]) => Number(s) < 300) as [string, any];
      const route: RouteSpec = ROUTES.find((r) => r.operationId === op.operationId)!;
      const mediaType = route.response.mediaType ?? 'application/json';
      expect(success[1].content[mediaType].schema, op.operationId).toBeTypeOf('object');
      if (op.requestBody) expect(op.requestBody.content['application/json'].schema.type, op.operationId).toBeDefined();
      if (op.security.length) expect(op.responses['401'], op.operationId).toBeDefined();
    }
    const create = doc.paths['/v1/programs'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'destination_url', 'referee_offer', 'referrer_reward']),
    );
    expect(create.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(JSON.stringify(create)).toContain('Where referral links send friends');
    const csv = doc.paths['/v1/exports/conversions.csv'].get;
    expect(csv.responses['200'].content['text/csv'].schema.type).toBe('string');
    expect(csv.parameters.map((p: any) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', true],
      ['program_id', false],
    ]);
  });

  it('renders a readable docs page with every operation and field descriptions', () => {
    const html = renderDocs(buildOpenApi({ version: '1.0.0' }));
    for (const r of ROUTES) expect(html).toContain(`id="${r.operationId}"`);
    expect(html).toContain('referee_offer.value');
    // Named shapes are inlined for reading: the answer's fields show, not a bare reference.
    const program = html.slice(
      html.indexOf('id="getProgram"'),
      html.indexOf('</section>', html.indexOf('id="getProgram"')),
    );
    expect(program).toContain('<code>destination_url</code>');
    // Tag descriptions, and the redirect with its Location parameters.
    expect(html).toContain('Referral codes: look up, add, enable or disable.');
    expect(html).toMatch(/id="followReferralLink"[\s\S]*<code>Location<\/code>[\s\S]*`vouch_click`/);
    expect(html).not.toMatch(/<script/i);
  });
});
