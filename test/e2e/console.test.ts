import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import {
  axePage,
  CHROME_UA,
  type ConsoleEnv,
  type ConsolePage,
  consoleUrl,
  newConsolePage,
  openSection,
  screenshot,
  settled,
  signIn,
  startConsoleEnv,
} from './console/env.ts';

// The merchant console in real Chromium, served by the Worker in workerd from dist/public/console
// (`npm run build:console`), against real Redis: sign in (key or console link), create a program
// through the form, copy the snippet, see a click through a short link in the charts, review a held
// conversion and move its reward; axe-core clean on every page in light and dark (and Persian, RTL),
// keyboard navigation. Every page view ends with no console error, CSP violation or failed request.
describeBrowser('merchant console', () => {
  let env: ConsoleEnv;
  const opened: ConsolePage[] = [];
  // Filled by the program test, used by the later ones (tests in a file run in order).
  const state: { programId?: string; advocate?: { id: string; code: string; link: string; email: string } } = {};

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function open(options: Parameters<typeof newConsolePage>[1] = {}): Promise<ConsolePage> {
    const p = await newConsolePage(env, options);
    opened.push(p);
    return p;
  }
  async function done(p: ConsolePage, allowed: RegExp[] = []): Promise<void> {
    await p.context.close();
    expect(p.problems.filter((msg) => !allowed.some((re) => re.test(msg)))).toEqual([]);
  }
  function needProgram(): { programId: string; advocate: NonNullable<typeof state.advocate> } {
    if (!state.programId || !state.advocate) throw new Error('the program test did not run first');
    return { programId: state.programId, advocate: state.advocate };
  }

  it('signs in with the secret key pasted in, after refusing a malformed one', async () => {
    const p = await open();
    const { page } = p;
    await page.goto(consoleUrl(env));
    await page.getByTestId('page-signin').waitFor();
    await screenshot(page, 'signin');
    expect(await axePage(page)).toEqual([]);
    await page.getByTestId('signin-key').fill('sk_test_not-a-key');
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toBeTruthy();
    await page.getByTestId('signin-key').fill(env.merchant.sk);
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('merchant-name').textContent()).toBe('Nordlicht Coffee');
    await page.getByTestId('page-overview').waitFor();
    // Kept for this tab only: sessionStorage, never localStorage.
    expect(await page.evaluate(() => sessionStorage.getItem('vouch_console_credential'))).toBe(env.merchant.sk);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('sk_');
    // A reload keeps the session; a deep link opens its page.
    await page.goto(consoleUrl(env, '/console/programs'));
    await page.getByTestId('page-programs').waitFor();
    await done(p);
  });

  it('signs in through a console link, which leaves the address bar and cannot be used twice', async () => {
    const minted = await env.api.post('/v1/console_links', {});
    expect(minted.status).toBe(201);
    const url = minted.body.url as string;
    expect(url).toMatch(new RegExp(`^${env.worker.url.origin}/console#link=csl_[0-9A-Za-z]{43}$`));
    const p = await open();
    const { page } = p;
    await page.goto(url);
    await expect.poll(() => page.getByTestId('merchant-name').textContent()).toBe('Nordlicht Coffee');
    expect(page.url()).toBe(consoleUrl(env));
    expect(page.url()).not.toContain('csl_');
    const credential = await page.evaluate(() => sessionStorage.getItem('vouch_console_credential'));
    expect(credential).toMatch(/^cst_[0-9A-Za-z]{43}$/);
    // The link is used up: a second browser opening it lands on the sign-in page with the reason.
    const again = await open();
    await again.page.goto(url);
    await again.page.getByTestId('signin-error').waitFor();
    expect(again.page.url()).not.toContain('csl_');
    await again.context.close();
    // Signing out revokes the session on the server.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('page-signin').waitFor();
    expect(
      (await env.worker.fetch('/v1/merchant', { headers: { Authorization: `Bearer ${credential}` } })).status,
    ).toBe(401);
    await done(p);
  });

  it('creates a program through the form: a bad value is named beside its field, then it saves', async () => {
    const p = await open();
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'programs');
    await page.getByTestId('program-new').click();
    await page.getByTestId('page-program-new').waitFor();
    await page.getByTestId('program-name').fill('Console spring campaign');
    await page.getByTestId('program-status').selectOption('active');
    await page.getByTestId('program-destination_url').fill('https://shop.example/spring');
    await page.getByTestId('program-widget-brand_color').fill('purple');
    await page.getByTestId('program-save').click();
    await page.getByTestId('program-errors').waitFor();
    expect(await page.getByTestId('error-widget.brand_color').textContent()).toMatch(/#5b3df5/);
    expect(await page.getByTestId('program-widget-brand_color').getAttribute('aria-invalid')).toBe('true');
    // Focus went to the error summary, announced as an alert.
    expect(
      await page.evaluate(() =>
        Boolean(
          document.activeElement?.closest('.form-errors') ?? document.activeElement?.matches('[aria-invalid="true"]'),
        ),
      ),
    ).toBe(true);
    await screenshot(page, 'program-form-invalid');
    // Nothing was sent: the shared schema refused it in the browser.
    expect((await env.api.get('/v1/programs')).body.data).toEqual([]);
    await page.getByTestId('program-widget-brand_color').fill('#0b7a5a');
    await page.getByTestId('program-save').click();
    // Saved: the console opens the new program's edit page, then it is in the list.
    await page.getByTestId('page-program-edit').waitFor();
    await page.getByTestId('program-saved').waitFor();
    await openSection(page, 'programs');
    const listed = await env.api.get('/v1/programs');
    expect(listed.body.data).toHaveLength(1);
    const program = listed.body.data[0];
    expect(program).toMatchObject({
      name: 'Console spring campaign',
      status: 'active',
      destination_url: 'https://shop.example/spring',
      widget: { brand_color: '#0b7a5a' },
    });
    await page.getByTestId(`program-row-${program.id}`).waitFor();
    expect(await page.getByTestId(`program-row-${program.id}`).textContent()).toContain('Console spring campaign');
    // Editing sends only what changed (PATCH), and says so.
    await page.getByTestId(`program-row-${program.id}`).getByRole('link').click();
    await page.getByTestId('page-program-edit').waitFor();
    await page.getByTestId('program-hold_days').fill('14');
    await page.getByTestId('program-save').click();
    await page.getByTestId('program-saved').waitFor();
    await expect.poll(async () => (await env.api.get(`/v1/programs/${program.id}`)).body.hold_days).toBe(14);
    state.programId = program.id;
    // An advocate of the program (the shop's server enrolls them).
    const enrolled = await env.api.post(`/v1/programs/${program.id}/advocates`, {
      external_id: 'cust-ada',
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect(enrolled.status).toBeLessThan(300);
    state.advocate = {
      id: enrolled.body.advocate?.id ?? enrolled.body.id,
      code: enrolled.body.code,
      link: enrolled.body.link,
      email: 'ada@example.com',
    };
    await done(p);
  });

  it('Install: copies this merchant’s snippet and previews the live widget', async () => {
    const p = await open();
    const { page } = p;
    // In every frame, before its scripts: what the preview's own console would show (errors,
    // warnings, uncaught errors, CSP refusals), read from inside the frame.
    await p.context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __logged: string[] }).__logged = seen;
      for (const level of ['error', 'warn'] as const) {
        const original = console[level].bind(console);
        console[level] = (...args: unknown[]) => {
          seen.push(`${level}: ${args.map(String).join(' ')}`);
          original(...args);
        };
      }
      addEventListener('error', (e) => seen.push(`uncaught: ${e.message}`));
      addEventListener('unhandledrejection', (e) => seen.push(`rejection: ${String(e.reason)}`));
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`csp: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await signIn(page, env);
    await openSection(page, 'install');
    await page.getByTestId('install-copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(
      `<script async src="${env.worker.url.origin}/widget/loader.js" data-key="${env.merchant.pk}"></script>`,
    );
    expect(copied).toMatch(/<script[^>]*data-key="pk_test_[0-9A-Za-z]{38}"/);
    // The preview: the real widget from this Worker, its launcher rendered in the frame.
    const frame = page.frameLocator('[data-testid="install-preview"]');
    await frame.locator('vouch-widget').waitFor({ state: 'attached' });
    await expect
      .poll(
        () =>
          page
            .frames()
            .find((f) => f.url().includes('/console/preview'))
            ?.evaluate(() => Boolean(document.querySelector('vouch-widget')?.shadowRoot?.querySelector('button'))),
        { timeout: 10_000 },
      )
      .toBe(true);
    await screenshot(page, 'install');
    // The live preview logged nothing (its widget, its loader, the page around it).
    const preview = page.frames().find((f) => f.url().includes('/console/preview'))!;
    await page.waitForTimeout(500);
    expect(await preview.evaluate(() => (window as unknown as { __logged: string[] }).__logged)).toEqual([]);
    // The preview's origin (this console's) is not an allowed origin: the page says so, and gives
    // the call that allows it, which works as given.
    const origin = env.worker.url.origin;
    const warning = page.getByTestId('preview-origin-warning');
    expect(await warning.textContent()).toContain(
      `The preview runs on ${origin}, which is not one of your allowed origins`,
    );
    const command = (await warning.locator('pre').textContent())!;
    expect(command).toContain(`curl -X PATCH ${origin}/v1/merchant`);
    const body = JSON.parse(/-d '(.+)'$/m.exec(command)![1]!);
    expect(body).toEqual({ allowed_origins: ['https://shop.example', origin] });
    expect((await env.api.call('PATCH', '/v1/merchant', body)).status).toBe(200);
    await page.reload();
    await page.getByTestId('install-origins').getByText(origin).waitFor();
    expect(await warning.count()).toBe(0);
    // Back as the other tests expect it.
    expect((await env.api.call('PATCH', '/v1/merchant', { allowed_origins: ['https://shop.example'] })).status).toBe(
      200,
    );
    await done(p);
  });

  it('a click through a short link shows in the charts and the funnel', async () => {
    const { advocate } = needProgram();
    const p = await open();
    const { page } = p;
    await signIn(page, env);
    await settled(page);
    const funnel = () => page.getByTestId('funnel').locator('li').allTextContents();
    const todaysClicks = () =>
      page.getByTestId('chart-clicks-table').locator('tbody tr').last().locator('td').first().textContent();
    // Before: nothing yet.
    await page.getByTestId('chart-clicks').waitFor();
    expect(await funnel()).toContain('Clicks: 0');
    expect(await todaysClicks()).toBe('0');
    // A friend opens the short link in a real (non-bot) browser.
    const hop = await fetch(advocate.link.replace(/^https?:\/\/[^/]+/, env.worker.url.origin), {
      redirect: 'manual',
      headers: { 'User-Agent': CHROME_UA, Accept: 'text/html' },
    });
    expect(hop.status).toBe(302);
    expect(new URL(hop.headers.get('location')!).searchParams.get('vouch_click')).toMatch(/^clk_/);
    // Another range refetches: today's bucket (the last row) and the funnel say 1.
    await page.getByTestId('overview-range').selectOption('7');
    await expect.poll(() => new URL(page.url()).search).toBe('?range=7');
    await settled(page);
    await expect.poll(todaysClicks).toBe('1');
    expect(await funnel()).toContain('Clicks: 1');
    // The chart's line has left the baseline: its path is drawn from the data.
    const path = await page.getByTestId('chart-clicks').locator('.series-0 path').getAttribute('d');
    expect(path).toMatch(/^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){6}$/);
    // Hourly (7 days) and weekly (90 days) views of the same click.
    await page.getByTestId('overview-interval').selectOption('hour');
    await settled(page);
    await expect.poll(() => page.getByTestId('chart-clicks-table').locator('tbody tr').count()).toBe(168);
    // (Summed: the click's hour may have just ended.)
    const hourly = (
      await page.getByTestId('chart-clicks-table').locator('tbody td:first-of-type').allTextContents()
    ).map(Number);
    expect(hourly.reduce((a, b) => a + b, 0)).toBe(1);
    await page.getByTestId('overview-range').selectOption('90');
    await page.getByTestId('overview-interval').selectOption('week');
    await settled(page);
    await expect.poll(todaysClicks).toBe('1');
    await expect.poll(() => new URL(page.url()).search).toBe('?range=90&interval=week');
    await screenshot(page, 'overview');
    await done(p);
  });

  it('reviews a held conversion: its signals, approve, then its reward approved and paid', async () => {
    const { advocate } = needProgram();
    // A friend with a throwaway mailbox buying seconds after the click: two signals, 30 + 50
    // points, held by the program's moderate strictness (hold at 30, reject at 90).
    const hop = await fetch(`${env.worker.url.origin}/r/${advocate.code}`, {
      redirect: 'manual',
      headers: { 'User-Agent': CHROME_UA.replace('Chrome/156', 'Chrome/155'), Accept: 'text/html' },
    });
    const clickId = new URL(hop.headers.get('location')!).searchParams.get('vouch_click')!;
    const created = await env.api.post(
      '/v1/conversions',
      {
        type: 'sale',
        order_id: 'order-1001',
        amount: 4200,
        currency: 'USD',
        customer: { external_id: 'cust-friend', email: 'friend@mailinator.com' },
        click_id: clickId,
      },
      { 'Idempotency-Key': 'conv-order-1001' },
    );
    expect(created.status).toBe(201);
    const conversion = created.body;
    expect(conversion.status).toBe('held');
    expect(conversion.risk.signals.map((x: { code: string }) => x.code).sort()).toEqual([
      'click_to_conversion_too_fast',
      'disposable_email',
    ]);

    const p = await open();
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'review');
    const item = page.getByTestId(`held-${conversion.id}`);
    await item.waitFor();
    // The advocate by name, each signal explained in the console's words beside its code.
    expect(await page.getByTestId(`held-advocate-${conversion.id}`).textContent()).toBe('Ada');
    const signals = await page.getByTestId(`signals-${conversion.id}`).textContent();
    expect(signals).toContain('The customer used a disposable email address. disposable_email');
    expect(signals).toContain('click_to_conversion_too_fast');
    expect(signals).toContain('Decision: Hold for review');
    await screenshot(page, 'review-held');
    await page.getByTestId(`review-approve-${conversion.id}`).click();
    await page.getByTestId('held-empty').waitFor();
    expect((await env.api.get(`/v1/conversions/${conversion.id}`)).body.status).toBe('approved');

    // Its advocate reward now waits out the hold period: approve it early, then mark it paid.
    const rewards = (await env.api.get(`/v1/rewards?advocate_id=${advocate.id}`)).body.data as {
      id: string;
      status: string;
      conversion_id: string;
      recipient: string;
    }[];
    // The conversion earned two: Ada's $10 and the friend's 10% (both listed under Ada).
    expect(
      rewards
        .filter((r) => r.conversion_id === conversion.id)
        .map((r) => r.recipient)
        .sort(),
    ).toEqual(['advocate', 'friend']);
    const reward = rewards.find((r) => r.conversion_id === conversion.id && r.recipient === 'advocate')!;
    expect(reward.status).toBe('pending');
    await page.getByTestId('rewards-status').selectOption('pending');
    await page.getByTestId(`reward-approve-${reward.id}`).click();
    await page.getByTestId(`reward-approve-${reward.id}`).waitFor({ state: 'detached' });
    expect((await env.api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('approved');
    await page.getByTestId('rewards-status').selectOption('approved');
    await page.getByTestId(`reward-mark_paid-${reward.id}`).click();
    await page.getByTestId(`reward-mark_paid-${reward.id}`).waitFor({ state: 'detached' });
    await page.getByTestId('rewards-status').selectOption('paid');
    await page.getByTestId(`reward-row-${reward.id}`).waitFor();
    await screenshot(page, 'review-paid');
    expect((await env.api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('paid');
    // The overview counts it: the paid $10 reward is the program's cost so far (the friend's 10%
    // still pending is not), against $42 of referred revenue.
    await openSection(page, 'overview');
    await page.getByTestId('funnel').waitFor();
    const funnel = await page.getByTestId('funnel').locator('li').allTextContents();
    expect(funnel).toContain('Reward cost: $10.00');
    expect(funnel).toContain('Conversions after a click: 1');
    expect(await page.getByTestId('derived-d_roi').locator('dd.figure').textContent()).toBe('USD 4.2×');
    const derived = (name: string) => page.getByTestId(`derived-${name}`).locator('dd').allTextContents();
    expect(await derived('d_conversion_rate')).toEqual([
      '50%',
      'of clicks (1 of 2). Code-only conversions are not in it.',
    ]);

    // A sign-up by Ada's code with no click: shown apart, the conversion rate still divides clicks.
    const codeOnly = { type: 'signup', customer: { external_id: 'cust-code-only' }, code: advocate.code };
    expect((await env.api.post('/v1/conversions', codeOnly, { 'Idempotency-Key': 'conv-code-only' })).status).toBe(201);
    await openSection(page, 'review');
    await openSection(page, 'overview');
    await page.getByTestId('funnel').waitFor();
    expect(await page.getByTestId('code-only').textContent()).toMatch(/^Code-only conversions: 1 · /);
    expect(await page.getByTestId('funnel').locator('li').allTextContents()).toContain('Conversions after a click: 1');
    expect(await derived('d_conversion_rate')).toEqual([
      '50%',
      'of clicks (1 of 2). Code-only conversions are not in it.',
    ]);
    expect(await derived('d_code_only')).toEqual(['50%', 'of conversions (1 of 2) came from a code with no click.']);
    await screenshot(page, 'overview-code-only');
    await done(p);
  });

  it('Exports: downloads the clicks of the period as CSV', async () => {
    const { advocate } = needProgram();
    const p = await open({ acceptDownloads: true });
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'exports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-clicks').click()]);
    expect(download.suggestedFilename()).toMatch(/^vouch-clicks-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    // A header and the two clicks through Ada's link (the funnel's and the held conversion's).
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(advocate.code))).toBe(true);
    await screenshot(page, 'exports');
    await done(p);
  });

  // Every page, as a merchant reaches it: the nav (client routing), the program form, one advocate.
  async function everyPage(page: ConsolePage['page'], label: string): Promise<Record<string, unknown[]>> {
    const { programId, advocate } = needProgram();
    const results: Record<string, unknown[]> = {};
    const check = async (name: string) => {
      await settled(page);
      results[name] = await axePage(page);
      await screenshot(page, `${name}-${label}`);
    };
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('chart-clicks').waitFor();
    await check('overview');
    await openSection(page, 'programs');
    await check('programs');
    await page.getByTestId(`program-row-${programId}`).getByRole('link').click();
    await page.getByTestId('program-form').waitFor();
    await check('program-form');
    await openSection(page, 'advocates');
    await page.getByTestId(`advocate-row-${advocate.id}`).waitFor();
    await check('advocates');
    await page.getByTestId(`advocate-row-${advocate.id}`).getByRole('link').click();
    await page.getByTestId('page-advocate').waitFor();
    await page.getByTestId('advocate-stats').waitFor();
    await check('advocate');
    await openSection(page, 'review');
    await check('review');
    await openSection(page, 'webhooks');
    await page.getByTestId('webhook-list').locator('li').first().waitFor();
    await check('webhooks');
    await openSection(page, 'install');
    await page.getByTestId('install-snippet').waitFor();
    await check('install');
    await openSection(page, 'exports');
    await check('exports');
    return results;
  }
  const clean = (results: Record<string, unknown[]>) => Object.fromEntries(Object.keys(results).map((k) => [k, []]));

  it('is axe-core clean on every page in light', async () => {
    needProgram();
    const hook = await env.api.post('/v1/webhook_endpoints', {
      url: 'https://hooks.shop.example/vouch',
      events: ['reward.approved'],
    });
    expect(hook.status).toBe(201);
    const p = await open({ colorScheme: 'light' });
    await signIn(p.page, env);
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const results = await everyPage(p.page, 'light');
    expect(results).toEqual(clean(results));
    await done(p);
  });

  it('is axe-core clean on every page in dark (the system preference, followed)', async () => {
    needProgram();
    const p = await open({ colorScheme: 'dark' });
    await p.page.goto(consoleUrl(env));
    await p.page.getByTestId('page-signin').waitFor();
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await axePage(p.page)).toEqual([]);
    await screenshot(p.page, 'signin-dark');
    await signIn(p.page, env);
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await axePage(p.page)).toEqual([]);
    const results = await everyPage(p.page, 'dark');
    expect(results).toEqual(clean(results));
    await done(p);
  });

  it('speaks Persian right to left, axe-core clean, on the overview and the program form', async () => {
    const { programId } = needProgram();
    const p = await open();
    const { page } = p;
    await signIn(page, env);
    await page.getByTestId('locale-picker').selectOption('fa');
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join(' ')))
      .toBe('fa rtl');
    await page.getByTestId('chart-clicks').waitFor();
    await settled(page);
    // Every language of the widget's first six: its own words (the catalog loads on first use).
    for (const [lang, dir] of [
      ['ms', 'ltr'],
      ['id', 'ltr'],
      ['th', 'ltr'],
      ['hu', 'ltr'],
      ['en', 'ltr'],
      ['fa', 'rtl'],
    ] as const) {
      await page.getByTestId('locale-picker').selectOption(lang);
      await expect
        .poll(() => page.evaluate(() => `${document.documentElement.lang} ${document.documentElement.dir}`))
        .toBe(`${lang} ${dir}`);
      const nav = await page.getByTestId('nav').innerText();
      if (lang === 'en') expect(nav).toContain('Overview');
      else expect(nav).not.toContain('Overview');
    }
    const heading = await page.locator('h1').textContent();
    expect(heading).not.toBe('Overview');
    expect(heading).toMatch(/[\u0600-\u06ff]/);
    // Numbers in Persian digits, the navigation on the right.
    expect(await page.getByTestId('funnel').locator('li').allTextContents()).toContainEqual(
      expect.stringMatching(/[۰-۹]/),
    );
    const nav = await page.getByTestId('nav').boundingBox();
    expect(nav!.x).toBeGreaterThan(640);
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'overview-fa');
    for (const theme of ['light', 'dark']) {
      await page.getByTestId('theme-toggle').selectOption(theme);
      await page.goto(consoleUrl(env, `/console/programs/${programId}`));
      await page.getByTestId('program-form').waitFor();
      await settled(page);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      // A URL keeps its left-to-right order (and its start in view) inside the right-to-left form.
      const url = page.getByTestId('program-destination_url');
      expect(await url.evaluate((el) => [getComputedStyle(el).direction, (el as HTMLInputElement).scrollLeft])).toEqual(
        ['ltr', 0],
      );
      expect(await axePage(page)).toEqual([]);
      await screenshot(page, `program-form-fa-${theme}`);
    }
    await done(p);
  });

  it('is keyboard accessible: tab through the nav, open a page with Enter, focus visible', async () => {
    needProgram();
    const p = await open();
    const { page } = p;
    await signIn(page, env);
    // Signed in: focus is on the new page's heading (announced), not lost.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    // A fresh load starts at the top: the first stop is the skip link, shown when focused.
    await page.reload();
    await page.getByTestId('chart-clicks').waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el
          ? `${el.tagName.toLowerCase()}.${el.className}#${el.id}[${el.getAttribute('data-testid') ?? ''}]`
          : '';
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('a.skip#[]');
    const visible = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return (
          el.matches(':focus-visible') &&
          style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 2 &&
          box.top >= 0 &&
          box.width > 0
        );
      });
    expect(await visible()).toBe(true);
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'nav-advocates');
    }
    expect(reached).toBe(true);
    expect(await visible()).toBe(true);
    await screenshot(page, 'keyboard-focus');
    await page.keyboard.press('Enter');
    await page.getByTestId('page-advocates').waitFor();
    expect(page.url()).toBe(consoleUrl(env, '/console/advocates'));
    expect(await page.getByTestId('nav-advocates').getAttribute('aria-current')).toBe('page');
    // Focus moved to the new page's heading (announced), and Tab continues into the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    await page.getByTestId('advocates-program').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(
      'select.#f-9[advocates-program]'.replace(
        'f-9',
        (await page.getByTestId('advocates-program').getAttribute('id'))!,
      ),
    );
    await done(p);
  });
});
