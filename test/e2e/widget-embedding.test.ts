import type { ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { widgetSnippet } from '../../shared/widget-snippet.ts';
import { describeBrowser } from '../support/browser.ts';
import { newPage, screenshot, startWidgetEnv, type WidgetEnv } from './widget/env.ts';
import { htmlPage, type Pages, servePages } from './widget/pages.ts';
import { openPanel, panel, waitForLauncher, widget } from './widget/surfaces.ts';

let env: WidgetEnv;
let allowed: Pages;
let refused: Pages;

/** README's strict policy: the Worker's origin and nothing inline (no 'unsafe-inline', no nonce). */
const strictCsp = (worker: string) =>
  [
    `default-src 'none'`,
    `script-src 'self' ${worker}`,
    `connect-src 'self' ${worker}`,
    `img-src 'self' ${worker}`,
    `style-src 'self'`,
    `base-uri 'none'`,
  ].join('; ');

// Host text styles a theme sets on body: all inherited, all would reach an unisolated panel.
const HOSTILE_TEXT = `body { letter-spacing: .3em; word-spacing: 1em; text-transform: uppercase;
  font-variant: small-caps; font-style: italic; line-height: 3; text-indent: 40px;
  text-shadow: 2px 2px 0 red; font-size: 30px; direction: rtl; }`;
const TEXT_PROPS = [
  'letterSpacing',
  'wordSpacing',
  'textTransform',
  'fontVariantCaps',
  'fontStyle',
  'lineHeight',
  'textIndent',
  'textShadow',
  'fontSize',
  'direction',
] as const;

const STYLESHEET = '<link rel="stylesheet" href="/text.css">';

/** In the page: the text styles of the panel's title, first paragraph, field label and form button. */
function textStyles(el: Element, props: readonly string[]): Record<string, string>[] {
  const root = el.shadowRoot ?? el;
  return ['h2', 'p', 'label', 'form button'].map((sel) => {
    const style = getComputedStyle(root.querySelector(sel)!) as unknown as Record<string, string>;
    return Object.fromEntries(props.map((p) => [p, style[p]!]));
  });
}

// How the snippet meets merchants' pages: pasted verbatim under a strict CSP, on an origin the
// merchant forgot to allow, and beside a theme's inherited text styles.
describeBrowser('widget embedding in real Chromium', () => {
  beforeAll(async () => {
    env = await startWidgetEnv();
    const worker = env.worker.url.origin;
    const snippet = widgetSnippet(worker, env.publishableKey);
    const files = {
      '/': { body: htmlPage(`<h1>Shop</h1>\n${snippet}`) },
      '/text.html': {
        body: htmlPage(`<h1>Refer</h1>\n<div data-vouch="panel"></div>\n${snippet}`, STYLESHEET),
      },
      '/text.css': { body: HOSTILE_TEXT, type: 'text/css' },
    };
    allowed = await servePages(files, strictCsp(worker));
    refused = await servePages(files, strictCsp(worker));
    const merchant = await env.merchantApi.get('/v1/merchant');
    const origins = [...merchant.body.allowed_origins, allowed.origin];
    const patched = await env.merchantApi.patch('/v1/merchant', { allowed_origins: origins });
    expect(patched.status).toBe(200);
  });
  afterAll(async () => {
    await allowed?.close();
    await refused?.close();
    await env?.close();
  });

  it('the documented snippet, verbatim under a strict CSP: no violation, launcher shown, vouch() works', async () => {
    const { context, page, problems } = await newPage(env);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${allowed.origin}/`);
    expect(response!.headers()['content-security-policy']).not.toMatch(/unsafe-inline|nonce-/);
    expect(await response!.text()).toContain(widgetSnippet(env.worker.url.origin, env.publishableKey));
    await waitForLauncher(page);
    // The loader's own command queue: the page's vouch() calls reach the widget.
    await page.evaluate(() => (window as unknown as { vouch: (cmd: string) => void }).vouch('open'));
    await panel(page).waitFor({ state: 'visible' });
    await screenshot(page, 'embedding-strict-csp');
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on an origin the merchant has not allowed: one console error naming the origin and how to allow it', async () => {
    const { context, page } = await newPage(env);
    const errors: string[] = [];
    page.on('console', (msg: ConsoleMessage) => void (msg.type() === 'error' && errors.push(msg.text())));
    type Flagged = Window & { __ready?: boolean };
    await page.addInitScript(() => {
      document.addEventListener('vouch:ready', () => ((window as Flagged).__ready = true));
    });
    await page.goto(`${refused.origin}/`);
    await page.waitForFunction(() => (window as Flagged).__ready);
    // Anything else the widget might still log would come within its idle callbacks: give it time.
    await page.waitForTimeout(1500);
    // Chromium's own "Failed to load resource" line for the 403 names neither origin nor cause.
    const ours = errors.filter((e) => !e.startsWith('Failed to load resource'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^\[vouch\] /);
    expect(ours[0]).toContain(`The origin ${refused.origin} is not allowed`);
    expect(ours[0]).toContain('allowed_origins');
    expect(errors.filter((e) => e.includes(refused.origin))).toHaveLength(1);
    // Nothing shows on a refused origin.
    expect(await widget(page).evaluate((host) => host.shadowRoot!.querySelector('button'))).toBeNull();
    await context.close();
  });

  it('the inline panel ignores the page’s inherited text styles, like the dialog', async () => {
    const { context, page, problems } = await newPage(env);
    await page.goto(`${allowed.origin}/text.html`);
    const inline = page.locator('[data-vouch="panel"]');
    await inline.locator('h2').waitFor();
    const inlineStyles = await inline.evaluate(textStyles, TEXT_PROPS);
    await openPanel(page);
    const dialogStyles = await panel(page).evaluate(textStyles, TEXT_PROPS);
    await screenshot(page, 'embedding-hostile-text-inline-panel');
    expect(inlineStyles).toEqual(dialogStyles);
    expect(inlineStyles[1]).toMatchObject({
      letterSpacing: 'normal',
      wordSpacing: '0px',
      textTransform: 'none',
      fontVariantCaps: 'normal',
      fontStyle: 'normal',
      textIndent: '0px',
      textShadow: 'none',
      fontSize: '15px',
      direction: 'ltr',
    });
    // Visibility still follows the page: a section it hides takes the panel with it.
    await inline.evaluate((host) => (host.parentElement!.style.visibility = 'hidden'));
    const title = inline.locator('h2');
    expect(await title.evaluate((h2) => getComputedStyle(h2).visibility)).toBe('hidden');
    expect(problems).toEqual([]);
    await context.close();
  });
});
