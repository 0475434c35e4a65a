import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { newPage, screenshot, startWidgetEnv, type WidgetEnv } from './widget/env.ts';
import { demoStore, hostilePage, type Site } from './widget/sites.ts';
import {
  arriveThroughLink,
  axeWidget,
  expectGreeting,
  expectPurchasePrompt,
  openPanel,
  panel,
  panelText,
  waitForLauncher,
} from './widget/surfaces.ts';

let env: WidgetEnv;

/** Each surface brought up on a fresh page, then checked by axe-core in light and in dark. */
const SURFACES: [name: string, show: (site: Site, page: Page) => Promise<void>][] = [
  [
    'launcher',
    async (site, page) => {
      await site.openAnonymous(page, env);
      await waitForLauncher(page);
    },
  ],
  [
    'panel-advocate',
    async (site, page) => {
      await site.openSignedIn(page, env);
      await openPanel(page);
      await expect.poll(() => panelText(page)).toContain(env.alice.link);
      await openPairingForm(page);
    },
  ],
  [
    'panel-anonymous',
    async (site, page) => {
      await site.openAnonymous(page, env);
      await openPanel(page);
    },
  ],
  [
    'greeting',
    async (site, page) => {
      await site.land(page, env, await arriveThroughLink(page, env));
      await expectGreeting(page, env);
    },
  ],
  [
    'purchase-prompt',
    async (site, page) => {
      await site.purchase(page, env);
      await expectPurchasePrompt(page);
    },
  ],
];

/** The extension pairing form (a <details> in the advocate's panel), opened so axe checks it too. */
async function openPairingForm(page: Page): Promise<void> {
  const details = panel(page).locator('details');
  await details.locator('summary').click();
  await expect.poll(() => details.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
  await details.locator('input').waitFor({ state: 'visible' });
}

// axe-core (injected into the page) against the widget's shadow tree: zero violations on every
// surface, on both pages, in light and dark colour schemes.
describeBrowser('widget accessibility (axe-core, real Chromium)', () => {
  beforeAll(async () => {
    env = await startWidgetEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('axe really looks inside the shadow root: a nameless button planted there is reported', async () => {
    const { context, page } = await newPage(env);
    await demoStore.openAnonymous(page, env);
    await waitForLauncher(page);
    await page.evaluate(() =>
      document.querySelector('vouch-widget')!.shadowRoot!.appendChild(document.createElement('button')),
    );
    expect((await axeWidget(page)).map((v) => v.id)).toContain('button-name');
    await context.close();
  });

  for (const site of [demoStore, hostilePage]) {
    for (const [surface, show] of SURFACES) {
      it(`${site.name}: ${surface} has no axe violations, light and dark`, async () => {
        const { context, page, problems } = await newPage(env);
        await show(site, page);
        const slug = `a11y-${site.name.replace(' ', '-')}-${surface}`;
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          expect(await axeWidget(page), `${surface} (${colorScheme})`).toEqual([]);
          await screenshot(page, `${slug}-${colorScheme}`);
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }

  for (const site of [demoStore, hostilePage]) {
    it(`${site.name} right to left (${site.rtlLocale}): launcher and advocate panel have no axe violations, light and \
dark`, async () => {
      const { context, page, problems } = await newPage(env);
      await site.openSignedIn(page, env, site.rtlLocale);
      await waitForLauncher(page);
      expect(await axeWidget(page), 'launcher').toEqual([]);
      await openPanel(page);
      await expect.poll(() => panelText(page)).toContain(env.alice.link);
      await openPairingForm(page);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await axeWidget(page), `${site.rtlLocale} (${colorScheme})`).toEqual([]);
        await screenshot(page, `a11y-${site.name.replace(' ', '-')}-${site.rtlLocale}-panel-${colorScheme}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
