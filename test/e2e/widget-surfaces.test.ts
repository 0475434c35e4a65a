import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { newPage, screenshot, signInToStore, startWidgetEnv, type WidgetEnv } from './widget/env.ts';
import { demoStore, hostilePage } from './widget/sites.ts';
import {
  arriveThroughLink,
  card,
  closeCorner,
  dismissCardWithKeyboard,
  expectAdvocatePanel,
  expectGreeting,
  expectPurchasePrompt,
  expectQrImage,
  expectShareLinks,
  launcherSide,
  openAndCloseWithKeyboard,
  openPanel,
  panel,
  panelText,
  waitForLauncher,
  widget,
} from './widget/surfaces.ts';

let env: WidgetEnv;

// Every surface of the widget, as visitors meet it, on the demo store (a plain merchant
// integration) and on a page with every bad habit (strict CSP, !important resets, Bootstrap,
// tampered prototypes): the same assertions must pass on both.
describeBrowser('widget surfaces in real Chromium', () => {
  beforeAll(async () => {
    env = await startWidgetEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const site of [demoStore, hostilePage]) {
    const slug = site.name.replace(' ', '-');

    it(`${site.name}: the signed-in advocate opens the panel with the keyboard, copies and shares link and code, sees \
the QR code`, async () => {
      const { context, page, problems } = await newPage(env);
      await site.openSignedIn(page, env);
      // Named by the offer (program without copy of its own): "Give 15% off, get $10.00" or the like.
      const button = await waitForLauncher(page);
      await expect.poll(() => button.innerText()).toMatch(/^Give 15%.*\$10/);
      await screenshot(page, `${slug}-launcher`);
      await openAndCloseWithKeyboard(page);
      await expectAdvocatePanel(page, env);
      await widget(page)
        .getByRole('dialog', { name: /^Give 15%.*\$10/ })
        .waitFor();
      await expectShareLinks(page, env);
      await expectQrImage(page, env);
      await screenshot(page, `${slug}-panel-advocate`);
      expect(await launcherSide(page)).toBe('right');
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: an anonymous visitor sees no advocate's link, and joins by email to get one`, async () => {
      const { context, page, problems } = await newPage(env);
      await site.openAnonymous(page, env);
      const dialog = await openPanel(page);
      expect(await panelText(page)).not.toContain(env.alice.code);
      await screenshot(page, `${slug}-panel-anonymous`);
      // A typo is caught before anything is sent, and said next to the field.
      await dialog.getByLabel('Email address').fill('not-an-email');
      await dialog.getByRole('button', { name: 'Join and get my link' }).click();
      await dialog.getByText('Enter an email address like name@example.com.').waitFor();
      await dialog.getByLabel('Email address').fill(`friend-${slug}-${Date.now()}@example.com`);
      await dialog.getByRole('button', { name: 'Join and get my link' }).click();
      await dialog.getByRole('button', { name: 'Copy link' }).waitFor();
      expect(await panelText(page)).toMatch(new RegExp(`${env.worker.url.origin.replace(/[.]/g, '\\.')}/r/[A-Z0-9]+`));
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: a friend arriving through a real click on the short link is greeted, and checkout gets the \
code`, async () => {
      const { context, page, problems } = await newPage(env);
      const landed = await arriveThroughLink(page, env);
      await site.land(page, env, landed);
      await expectGreeting(page, env);
      expect(await closeCorner(page)).toBe('top-right');
      await screenshot(page, `${slug}-greeting`);
      await site.openCheckout(page, env);
      await expect.poll(() => page.locator('#coupon').inputValue(), { timeout: 10_000 }).toBe(env.alice.code);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: after track('purchase') the customer is asked to share`, async () => {
      const { context, page, problems } = await newPage(env);
      const hint = page.waitForRequest((req) => req.url().includes('/v1/public/conversion_hints'));
      await site.purchase(page, env);
      await expectPurchasePrompt(page);
      // The order went to the Worker too, as an unverified hint.
      const landed = new URL(page.url()).searchParams;
      expect(JSON.parse((await hint).postData() ?? '{}')).toMatchObject({
        order_id: landed.get('order') ?? landed.get('purchase'),
        amount: Number(landed.get('amount') ?? 3700),
        currency: 'USD',
      });
      await screenshot(page, `${slug}-purchase-prompt`);
      // Its button opens the panel (the customer is anonymous here: the panel offers to join).
      await widget(page).getByRole('button', { name: 'Share', exact: true }).click();
      await panel(page).getByRole('button', { name: 'Join and get my link' }).waitFor();
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: the thank-you card closes by keyboard from its top corner, for the session`, async () => {
      const { context, page, problems } = await newPage(env);
      await site.purchase(page, env);
      await expectPurchasePrompt(page);
      expect(await closeCorner(page)).toBe('top-right');
      await dismissCardWithKeyboard(page);
      // The thank-you page again (a reload, the order reported once more): no card this session.
      const hint = page.waitForRequest((req) => req.url().includes('/v1/public/conversion_hints'));
      await page.reload();
      await hint;
      await waitForLauncher(page);
      await page.waitForTimeout(500);
      expect(await card(page).count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: at 375 px the link field shows its end, the code`, async () => {
      const { context, page, problems } = await newPage(env, { viewport: { width: 375, height: 740 } });
      await site.openSignedIn(page, env);
      const dialog = await openPanel(page);
      const field = dialog.getByRole('textbox', { name: 'Your link' });
      await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(env.alice.link);
      // The link is wider than its field here; scrolled to its end, the code is what shows.
      const showsItsEnd = (el: HTMLInputElement) =>
        el.scrollWidth > el.clientWidth && el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
      await expect.poll(() => field.evaluate(showsItsEnd)).toBe(true);
      await screenshot(page, `${slug}-375-panel`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${site.name}: right to left (${site.rtlLocale}): the widget is rtl, its launcher mirrored to the \
left`, async () => {
      const { context, page, problems } = await newPage(env);
      await site.openSignedIn(page, env, site.rtlLocale);
      await waitForLauncher(page);
      const frame = widget(page).locator('[dir]').first();
      await expect.poll(() => frame.getAttribute('dir')).toBe('rtl');
      expect(await frame.getAttribute('lang')).toBe(site.rtlLocale);
      expect(await launcherSide(page)).toBe('left');
      const dialog = await openPanel(page);
      expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      await expect.poll(() => panelText(page)).toContain(env.alice.link);
      // Translated: no English left in the panel's own words.
      expect(await panelText(page)).not.toMatch(/Copy link|Your link|How it works/);
      await screenshot(page, `${slug}-rtl-${site.rtlLocale}-panel`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('demo store: the thank-you card closes with the pointer too', async () => {
    const { context, page, problems } = await newPage(env);
    await demoStore.purchase(page, env);
    await expectPurchasePrompt(page);
    await card(page).getByRole('button', { name: 'Dismiss' }).click();
    await card(page).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('hostile page right to left (ar): the greeting names the advocate, its close button top-left', async () => {
    const { context, page, problems } = await newPage(env);
    const landed = await arriveThroughLink(page, env);
    await page.goto(`${env.hostile.url}?${landed.searchParams}&lang=ar`);
    await card(page).getByText(/Alice/).waitFor();
    expect(await closeCorner(page)).toBe('top-left');
    await screenshot(page, 'hostile-page-rtl-ar-greeting');
    await dismissCardWithKeyboard(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  // Only the code came (?ref=): no click, so nothing names the advocate.
  it('hostile page: a friend who brings only the code is greeted as by a friend', async () => {
    const { context, page, problems } = await newPage(env);
    await page.goto(`${env.hostile.url}?ref=${env.alice.code}`);
    await card(page)
      .getByText(/^A friend gave you 15% off$/)
      .waitFor();
    expect(await card(page).getByRole('textbox').inputValue()).toBe(env.alice.code);
    expect(await closeCorner(page)).toBe('top-right');
    expect(problems).toEqual([]);
    await context.close();
  });

  it(`demo store: the inline panel renders in the page, and opens and copies are reported (sendBeacon) to the \
merchant's counters`, async () => {
    // Other tests of this file use the same program: count what this visit adds.
    const day = new Date().toISOString().slice(0, 10);
    const counters = async () => {
      const keys = (
        (await env.bridge.direct(['KEYS', `v1:test:*:widget:${day}:program:${env.programId}`])) as Buffer[]
      ).map(String);
      if (keys.length !== 1) return {};
      const flat = ((await env.bridge.direct(['HGETALL', keys[0]!])) as Buffer[]).map(String);
      return Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, Number(flat[i + 1])]])));
    };
    const before = await counters();
    const { context, page, problems } = await newPage(env);
    await signInToStore(page, env, '/refer.html');
    const inline = page.locator('[data-vouch="panel"]');
    // The host's own innerText stops at its shadow root: read the panel inside it (fields included).
    const inlineText = () =>
      inline.evaluate((host) => {
        const root = host.shadowRoot;
        if (!root) return '';
        const values = Array.from(root.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value);
        return `${root.textContent ?? ''}\n${values.join('\n')}`;
      });
    await expect.poll(inlineText, { timeout: 10_000 }).toContain(env.alice.link);
    await inline.getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(env.alice.code);
    await screenshot(page, 'demo-store-inline-panel');
    // The same session through the launcher: an open and a copy, batched and sent as the page hides.
    await openPanel(page);
    await panel(page).getByRole('button', { name: 'Copy link' }).click();
    // The copy is reported once the clipboard write resolves, as a person would see "Copied".
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(env.alice.link);
    await panel(page).getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    await page.goto('about:blank');
    const added = async () => {
      const now = await counters();
      return { open: (now.open ?? 0) - (before.open ?? 0), copy: (now['copy:copy'] ?? 0) - (before['copy:copy'] ?? 0) };
    };
    // At least: beacons of earlier tests' pages may still land in this window.
    await expect
      .poll(
        async () => {
          const d = await added();
          return d.open >= 1 && d.copy >= 2;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('hostile page: the strict CSP reports no violation and the page keeps its tampered globals', async () => {
    const { context, page, problems } = await newPage(env);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await hostilePage.openSignedIn(page, env);
    await openPanel(page);
    await expect.poll(() => panelText(page)).toContain(env.alice.link);
    await expectQrImage(page, env);
    const violations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    // The policy is really enforced (a request it forbids is reported) and the resets really apply.
    await page.evaluate(() => fetch('http://127.0.0.1:9/forbidden').catch(() => undefined));
    await expect.poll(violations).toEqual(['connect-src http://127.0.0.1:9/forbidden']);
    problems.splice(0); // that fetch's own console error
    expect(
      await page.evaluate(() => [
        getComputedStyle(document.querySelector('main')!).display,
        getComputedStyle(document.body).fontFamily,
      ]),
    ).toEqual(['inline', '"Comic Sans MS", cursive']);
    // Our wrappers are still in place: the widget took its own references and replaced nothing.
    expect(
      await page.evaluate(() => [
        window.fetch.toString().includes('calls.fetch'),
        typeof (window as unknown as { define: { amd?: object } }).define.amd,
      ]),
    ).toEqual([true, 'object']);
    expect(
      await page.evaluate(
        () => document.head.querySelectorAll('style').length + document.body.querySelectorAll('style').length,
      ),
    ).toBe(0);
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("hostile page under 'strict-dynamic' (nonce-only scripts): the nonced loader brings the bundle in", async () => {
    const { context, page, problems } = await newPage(env);
    const response = await page.goto(`${env.hostile.url}?as=alice&csp=strict-dynamic`);
    expect(response!.headers()['content-security-policy']).toContain("'strict-dynamic'");
    await openPanel(page);
    await expect.poll(() => panelText(page)).toContain(env.alice.link);
    await expectQrImage(page, env);
    expect(problems).toEqual([]);
    await context.close();
  });
});
