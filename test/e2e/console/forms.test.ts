import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROGRAM_INPUT } from '../../support/api.ts';
import { describeBrowser } from '../../support/browser.ts';
import type { ConsoleEnv, ConsolePage } from './env.ts';
import { consoleUrl, newConsolePage, openSection, settled, signIn, startConsoleEnv } from './env.ts';

// Every form of the console submits from the keyboard: Enter in one of its fields does what its
// submit button does (and every form has one). The sections' forms, one test each.
describeBrowser('merchant console forms from the keyboard', () => {
  let env: ConsoleEnv;
  let programId = '';
  const ADVOCATES = 101; // one more than a page of the list
  beforeAll(async () => {
    env = await startConsoleEnv();
    programId = (await env.api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    for (let i = 0; i < ADVOCATES; i += 20) {
      const batch = Array.from({ length: Math.min(20, ADVOCATES - i) }, (_, j) => i + j);
      const person = (n: number) => ({ external_id: `cust-${n}`, name: `Advocate ${n}`, email: `a${n}@example.com` });
      const enroll = (n: number) => env.api.post(`/v1/programs/${programId}/advocates`, person(n));
      const enrolled = await Promise.all(batch.map(enroll));
      expect(enrolled.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
    }
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  async function open(options: Parameters<typeof newConsolePage>[1] = {}): Promise<ConsolePage> {
    const p = await newConsolePage(env, options);
    await signIn(p.page, env);
    return p;
  }
  async function done(p: ConsolePage): Promise<void> {
    await p.context.close();
    expect(p.problems).toEqual([]);
  }

  it('has a submit button in every form of every section', async () => {
    const p = await open();
    const { page } = p;
    const lacking: string[] = [];
    for (const section of ['overview', 'programs', 'advocates', 'review', 'webhooks', 'install', 'exports']) {
      if (section !== 'overview') await openSection(page, section);
      await settled(page);
      const forms = await page.evaluate(() =>
        [...document.forms]
          .filter((f) => !f.querySelector('button[type="submit"], input[type="submit"]'))
          .map((f) => f.outerHTML.slice(0, 80)),
      );
      lacking.push(...forms.map((f) => `${section}: ${f}`));
    }
    await page.goto(consoleUrl(env, '/console/programs/new'));
    await page.getByTestId('program-form').waitFor();
    const submittable = () => [...document.forms].every((f) => f.querySelector('button[type="submit"]'));
    expect(await page.evaluate(submittable)).toBe(true);
    expect(lacking).toEqual([]);
    await done(p);
  });

  it('signs in with Enter in the key field', async () => {
    const p = await newConsolePage(env);
    await p.page.goto(consoleUrl(env));
    await p.page.getByTestId('signin-key').fill(env.merchant.sk);
    await p.page.getByTestId('signin-key').press('Enter');
    await p.page.getByTestId('merchant-name').waitFor();
    await done(p);
  });

  it('saves a new program with Enter in its name', async () => {
    const p = await open();
    const { page } = p;
    await page.goto(consoleUrl(env, '/console/programs/new'));
    await page.getByTestId('program-form').waitFor();
    await page.getByTestId('program-destination_url').fill('https://shop.example/enter');
    await page.getByTestId('program-name').fill('Saved with Enter');
    await page.getByTestId('program-name').press('Enter');
    await page.getByTestId('page-program-edit').waitFor();
    const names = (await env.api.get('/v1/programs')).body.data.map((x: { name: string }) => x.name);
    expect(names).toContain('Saved with Enter');
    await done(p);
  });

  it('adds a webhook endpoint with Enter in its URL', async () => {
    const p = await open();
    const { page } = p;
    await openSection(page, 'webhooks');
    await page.getByTestId('webhook-url').fill('https://hooks.shop.example/enter');
    await page.getByTestId('webhook-url').press('Enter');
    await page.getByTestId('webhook-secret').waitFor();
    const urls = (await env.api.get('/v1/webhook_endpoints')).body.data.map((x: { url: string }) => x.url);
    expect(urls).toContain('https://hooks.shop.example/enter');
    await done(p);
  });

  it('downloads an export with Enter in a date field', async () => {
    const p = await open({ acceptDownloads: true });
    const { page } = p;
    await openSection(page, 'exports');
    const downloaded = page.waitForEvent('download');
    await page.getByTestId('exports-from').press('Enter');
    const download = await downloaded;
    // The first export's (clicks), as a browser submits a form from the keyboard.
    expect(download.suggestedFilename()).toMatch(/^vouch-clicks-/);
    expect((await readFile((await download.path())!, 'utf8')).split(/\r?\n/)[0]).toMatch(/^id,/);
    await done(p);
  });

  it('searches every advocate with Enter in the search field, not only the first page', async () => {
    const p = await open();
    const { page } = p;
    await openSection(page, 'advocates');
    await expect.poll(() => page.getByTestId('advocates-count').textContent()).toBe('100 loaded');
    // The first page is the first 100 enrolled: the last one is on the next.
    await page.getByTestId('advocates-search').fill('a100@example.com');
    expect(await page.getByTestId('advocates-empty').count()).toBe(1);
    await page.getByTestId('advocates-search').press('Enter');
    await expect.poll(() => page.getByTestId('advocates-count').textContent()).toBe(`${ADVOCATES} loaded`);
    const rows = await page.getByTestId('advocates-table').locator('tbody tr').allTextContents();
    expect(rows).toEqual([expect.stringContaining('Advocate 100')]);
    await done(p);
  });
});
