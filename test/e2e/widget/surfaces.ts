import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AxeViolation, runAxe } from '../../support/axe.ts';
import type { WidgetEnv } from './env.ts';

/**
 * The widget's surfaces as a visitor meets them, found by role and accessible name (Playwright's
 * locators pierce the open shadow root), with the assertions every page must pass. Shared by the
 * demo store, the hostile page and the accessibility suite.
 */
export const widget = (page: Page) => page.locator('vouch-widget');
/** The launcher: the button that opens the panel (its name is the offer, in the page's language). */
export const launcher = (page: Page) => widget(page).locator('button[aria-haspopup="dialog"]');
export const panel = (page: Page) => widget(page).getByRole('dialog');

export async function waitForLauncher(page: Page): Promise<Locator> {
  const button = launcher(page);
  await button.waitFor({ state: 'visible' });
  return button;
}

/** What the panel shows, text and input values together (a link may sit in a read-only field). */
export async function panelText(page: Page): Promise<string> {
  return panel(page).evaluate((root) => {
    const values = Array.from(root.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value);
    return `${(root as HTMLElement).innerText}\n${values.join('\n')}`;
  });
}

/** Launcher (Enter) → modal dialog with a name, focus moved inside; Escape closes it and focus returns. */
export async function openAndCloseWithKeyboard(page: Page): Promise<void> {
  const button = await waitForLauncher(page);
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = panel(page);
  await dialog.waitFor({ state: 'visible' });
  // It has an accessible name (computed, as assistive technology would): the offer's headline.
  await widget(page).getByRole('dialog', { name: /\S/ }).waitFor();
  await expect.poll(() => focusInsideWidget(page)).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await expect
    .poll(() =>
      button.evaluate(
        (el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el,
      ),
    )
    .toBe(true);
}

function focusInsideWidget(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.querySelector('vouch-widget');
    const inner = host?.shadowRoot?.activeElement;
    return document.activeElement === host && !!inner && !!inner.closest('[role="dialog"], dialog');
  });
}

export async function openPanel(page: Page): Promise<Locator> {
  await (await waitForLauncher(page)).click();
  const dialog = panel(page);
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

/** The identified advocate's panel: link and code shown, both copy buttons put them on the clipboard. */
export async function expectAdvocatePanel(page: Page, env: WidgetEnv): Promise<void> {
  const dialog = await openPanel(page);
  await expect.poll(() => panelText(page), { timeout: 10_000 }).toContain(env.alice.link);
  expect(await panelText(page)).toContain(env.alice.code);
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(env.alice.link);
  await dialog.getByRole('button', { name: 'Copy code' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(env.alice.code);
}

/** Each share channel is a link to its own share URL carrying the referral link. */
export const SHARE_CHANNELS: [name: string, href: RegExp][] = [
  ['WhatsApp', /^https:\/\/wa\.me\/\?text=/],
  ['Telegram', /^https:\/\/t\.me\/share\/url\?/],
  ['X', /^https:\/\/(x|twitter)\.com\/intent\/(post|tweet)\?/],
  ['Facebook', /^https:\/\/www\.facebook\.com\/sharer(\/sharer\.php)?\?/],
  ['LinkedIn', /^https:\/\/www\.linkedin\.com\/(sharing\/share-offsite\/|shareArticle)\?/],
  ['Email', /^mailto:\?/],
  ['SMS', /^sms:/],
];

export async function expectShareLinks(page: Page, env: WidgetEnv): Promise<void> {
  const dialog = panel(page);
  for (const [name, pattern] of SHARE_CHANNELS) {
    const link = dialog.getByRole('link', { name: new RegExp(`^${name}\\b`) });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href, name).toMatch(pattern);
    expect(decodeURIComponent(href.replace(/\+/g, ' ')), name).toContain(env.alice.link);
  }
}

/** The QR code is an <img> of the Worker's /r/{code}.svg, and it really loaded (an SVG). */
export async function expectQrImage(page: Page, env: WidgetEnv): Promise<void> {
  const qr = panel(page).getByRole('img', { name: /QR/i });
  await qr.scrollIntoViewIfNeeded();
  expect(await qr.getAttribute('src')).toBe(`${env.worker.url.origin}/r/${env.alice.code}.svg`);
  await expect
    .poll(() => qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0))
    .toBe(true);
  const res = await fetch(`${env.worker.url.origin}/r/${env.alice.code}.svg`);
  expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
}

/** A friend clicks Alice's short link for real: the Worker 302s to the shop, the widget greets. */
export async function arriveThroughLink(page: Page, env: WidgetEnv, link = env.alice.link): Promise<URL> {
  await page.goto(link);
  const landed = new URL(page.url());
  expect(landed.searchParams.get('vouch_click')).toMatch(/^clk_/);
  return landed;
}

export const greeting = (page: Page) => widget(page).getByText(/gave you/);

export async function expectGreeting(page: Page, env: WidgetEnv): Promise<void> {
  await greeting(page).waitFor({ state: 'visible' });
  expect(await greeting(page).innerText()).toMatch(/^Alice gave you 15% off/);
  await expect.poll(() => widget(page).getByText(env.alice.code).first().isVisible()).toBe(true);
}

/** The thank-you page's `vouch('track', 'purchase', …)` brings the share prompt. */
export async function expectPurchasePrompt(page: Page): Promise<Locator> {
  const prompt = widget(page).getByText('Thanks for your order!');
  await prompt.waitFor({ state: 'visible' });
  return prompt;
}

/** The card (greeting or thank-you) and its close button. */
export const card = (page: Page) => widget(page).locator('section.c');
const cardClose = (page: Page) => card(page).locator('button.x');

/** Which top corner of its card the close button sits in (within the card's padding of it). */
export async function closeCorner(page: Page): Promise<string> {
  const [c, b] = [(await card(page).boundingBox())!, (await cardClose(page).boundingBox())!];
  const near = (gap: number) => gap >= 0 && gap <= 24;
  const side = near(b.x - c.x) ? 'left' : near(c.x + c.width - (b.x + b.width)) ? 'right' : 'middle';
  return `${near(b.y - c.y) ? 'top' : 'below'}-${side}`;
}

/** Dismisses the card from the keyboard (its close button, Enter): focus lands on the launcher, not the page. */
export async function dismissCardWithKeyboard(page: Page): Promise<void> {
  await cardClose(page).focus();
  await page.keyboard.press('Enter');
  await card(page).waitFor({ state: 'detached' });
  const focused = () => launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);
  await expect.poll(focused).toBe(true);
}

/** Page direction as the widget renders it, and which side of the viewport the launcher sits on. */
export async function launcherSide(page: Page): Promise<'left' | 'right'> {
  const box = (await (await waitForLauncher(page)).boundingBox())!;
  const width = page.viewportSize()!.width;
  return box.x + box.width / 2 < width / 2 ? 'left' : 'right';
}

export type { AxeViolation };

/**
 * axe-core against the widget's shadow trees only (the host page's own issues are not ours).
 * Throws when axe checked nothing inside the shadow root (a run that saw no widget proves nothing).
 */
export async function axeWidget(page: Page): Promise<AxeViolation[]> {
  const { violations, passedInShadow } = await runAxe(page, { include: [['vouch-widget']] });
  if (passedInShadow === 0) throw new Error("axe checked nothing inside the widget's shadow root");
  return violations;
}
