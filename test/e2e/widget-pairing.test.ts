import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { newPage, screenshot, signInToStore, startWidgetEnv, type WidgetEnv } from './widget/env.ts';
import { axeWidget, openPanel, panelText } from './widget/surfaces.ts';

let env: WidgetEnv;

const CONFIRM = '/v1/public/pairings/confirm';
const SUMMARY = 'Connect the Vouch browser extension';

/** What the extension does first: start a pairing and show its user code. */
async function startPairing(): Promise<{ device_code: string; user_code: string }> {
  const res = await fetch(new URL('/v1/extension/pairings', env.worker.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"client":"chrome"}',
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { device_code: string; user_code: string };
}

/** Submits a code the way a person does (type, then Enter) and waits for the live region to say how it went. */
async function submit(_page: Page, scope: Locator, code: string, says: string): Promise<void> {
  const input = scope.getByLabel('Code shown by the extension');
  await input.fill(code);
  await input.press('Enter');
  await scope.getByRole('status').filter({ hasText: says }).waitFor();
}

// The widget side of issue 7's "Connect": the identified advocate types the code the extension
// shows into the panel. The confirmations that succeed or are refused as not found go to the
// real Worker; the refusals it would only give under other conditions (a code taken by another
// advocate, the rate limit) and a network failure are the one request intercepted (page.route).
// Pairing with the real extension loaded is tested with the extension.
describeBrowser('widget: connect the browser extension', () => {
  beforeAll(async () => {
    env = await startWidgetEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it(`modal panel: the signed-in advocate opens it with the keyboard, no axe violations, a wrong code is said, the \
right one pairs`, async () => {
    const { context, page, problems } = await newPage(env);
    await signInToStore(page, env);
    const dialog = await openPanel(page);
    await expect.poll(() => panelText(page), { timeout: 10_000 }).toContain(env.alice.link);

    // Closed until asked for; a native <details>: focus its summary, Enter opens it.
    const input = dialog.getByLabel('Code shown by the extension');
    expect(await input.isVisible()).toBe(false);
    const summary = dialog.getByText(SUMMARY);
    await summary.focus();
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'visible' });
    expect(await dialog.locator('details').getAttribute('open')).not.toBeNull();
    for (const [name, value] of [
      ['autocomplete', 'off'],
      ['autocapitalize', 'characters'],
      ['spellcheck', 'false'],
      ['maxlength', '9'],
      ['aria-describedby', 'panel-pair-st'],
    ] as const) {
      expect(await input.getAttribute(name), name).toBe(value);
    }
    expect(await input.getAttribute('id')).toBe('panel-pair');
    expect(await axeWidget(page)).toEqual([]);

    // Not the shape of a code: said before anything is sent.
    let confirms = 0;
    page.on('request', (req) => void (req.url().includes(CONFIRM) && confirms++));
    await submit(page, dialog, 'ABC', 'Enter the 8-character code the extension shows, like ABCD-EFGH.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(confirms).toBe(0);

    // A well-formed code no extension showed: the Worker's 404.
    await submit(page, dialog, 'ZZZZ-ZZZZ', 'This code was not found or has expired. Get a new one in the extension.');
    expect(confirms).toBe(1);

    // The extension's code, typed in lower case and without the dash: sent in the contract's form.
    const pairing = await startPairing();
    const sent = page.waitForRequest((req) => req.url().includes(CONFIRM));
    await submit(
      page,
      dialog,
      pairing.user_code.replace('-', '').toLowerCase(),
      'Connected: your extension now shows this shop.',
    );
    const request = await sent;
    expect(new URL(request.url()).searchParams.get('key')).toMatch(/^pk_test_/);
    const body = JSON.parse(request.postData() ?? '{}') as {
      identity: { customer_id?: string };
      user_code: string;
      program_id: string;
    };
    expect(Object.keys(body).sort()).toEqual(['identity', 'program_id', 'user_code']);
    expect(body.identity.customer_id).toBe(env.alice.customerId);
    expect(body.user_code).toBe(pairing.user_code.replace('-', ''));
    expect(body.program_id).toBe(env.programId);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    expect(await axeWidget(page)).toEqual([]);
    await screenshot(page, 'demo-store-panel-pairing');

    // The extension's next poll gets Alice's token and wallet entry.
    const exchange = await fetch(new URL('/v1/extension/tokens', env.worker.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device_code: pairing.device_code }),
    });
    expect(await exchange.json()).toMatchObject({ status: 'paired', entry: { advocate: { code: env.alice.code } } });

    // The only failed responses are the 404 asked for.
    expect(problems.filter((p) => !p.startsWith(`404 POST ${env.worker.url.origin}${CONFIRM}`))).toEqual([]);
    await context.close();
  });

  it('inline panel: its own ids; taken code, rate limit and network failure each said (intercepted)', async () => {
    const { context, page, problems } = await newPage(env);
    const outcomes: ((route: Parameters<Parameters<Page['route']>[1]>[0]) => Promise<void>)[] = [
      (route) =>
        route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { type: 'conflict_error', code: 'pairing_already_confirmed', message: 'taken' },
          }),
        }),
      (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/json',
          headers: { 'retry-after': '60' },
          body: JSON.stringify({ error: { type: 'rate_limit_error', code: 'rate_limited', message: 'slow down' } }),
        }),
      (route) => route.abort('internetdisconnected'),
    ];
    await page.route(`**${CONFIRM}?*`, (route) => outcomes.shift()!(route));
    await signInToStore(page, env, '/refer.html');
    const inline = page.locator('[data-vouch="panel"]');
    const summary = inline.getByText(SUMMARY);
    await summary.waitFor({ timeout: 10_000 });
    await summary.click();
    expect(await inline.getByLabel('Code shown by the extension').getAttribute('id')).toBe('embed-pair');
    await submit(page, inline, 'ABCD-EFGH', 'This code has already been used. Get a new one in the extension.');
    await submit(page, inline, 'ABCD-EFGH', 'Too many tries. Please try again later.');
    await submit(page, inline, 'ABCD-EFGH', 'Could not connect. Check your internet connection and try again.');
    expect(await axeWidget(page)).toEqual([]);
    await screenshot(page, 'demo-store-inline-pairing-error');
    expect(outcomes).toEqual([]);
    expect(problems.filter((p) => !p.includes(CONFIRM))).toEqual([]);
    await context.close();
  });
});
