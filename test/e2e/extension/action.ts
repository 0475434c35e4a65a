import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { SCREENSHOTS } from '../widget/env.ts';

/**
 * The toolbar button, as a person clicks it. Headless Chromium has no toolbar to click, no context
 * menu and no way to accept a permission prompt; the browser-level DevTools command
 * `Extensions.triggerAction` (Chromium launched with --enable-unsafe-extension-debugging, over the
 * pipe Playwright uses) does exactly what the click does: it opens the extension's popup, attached
 * to that tab, and grants the extension activeTab on it. The popup is a page target Playwright does
 * not surface, so `ActionPopup` drives it through the same browser session (Target.attachToTarget,
 * non-flattened: messages in and out through Target.sendMessageToTarget).
 */

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

async function targets(cdp: CDPSession): Promise<TargetInfo[]> {
  const { targetInfos } = (await cdp.send('Target.getTargets', {
    filter: [{ type: 'tab' }, { type: 'page' }],
  } as never)) as { targetInfos: TargetInfo[] };
  return targetInfos;
}

/** The tab target of a page (triggerAction refuses page targets): found by URL, which must be unique. */
async function tabTarget(cdp: CDPSession, page: Page): Promise<string> {
  const url = page.url();
  const tabs = (await targets(cdp)).filter((t) => t.type === 'tab' && t.url === url);
  if (tabs.length !== 1) throw new Error(`expected one tab at ${url}, found ${tabs.length}`);
  return tabs[0]!.targetId;
}

const popupUrl = (extensionId: string) => `chrome-extension://${extensionId}/popup.html`;

/** Click the toolbar button on `page`'s tab: brings the tab to the front, opens the popup, grants activeTab. */
export async function clickToolbarButton(cdp: CDPSession, extensionId: string, page: Page): Promise<ActionPopup> {
  await page.bringToFront();
  // At most one popup is open: close one left from an earlier click so the new one is unambiguous.
  for (const t of await targets(cdp))
    if (t.type === 'page' && t.url === popupUrl(extensionId))
      await cdp.send('Target.closeTarget', { targetId: t.targetId });
  await cdp.send(
    'Extensions.triggerAction' as never,
    { id: extensionId, targetId: await tabTarget(cdp, page) } as never,
  );
  let popup: TargetInfo | undefined;
  const deadline = Date.now() + 5000;
  while (!popup) {
    if (Date.now() > deadline) throw new Error('the toolbar button opened no popup');
    popup = (await targets(cdp)).find((t) => t.type === 'page' && t.url === popupUrl(extensionId));
    if (!popup) await new Promise((r) => setTimeout(r, 20));
  }
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false })) as {
    sessionId: string;
  };
  return new ActionPopup(cdp, popup.targetId, sessionId);
}

/** The popup the toolbar button opened: evaluate, click by test id, wait, screenshot, close. */
export class ActionPopup {
  private next = 0;
  private readonly waiting = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  private readonly listener = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== this.sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) this.waiting.get(message.id)?.(message);
  };

  constructor(
    private readonly cdp: CDPSession,
    readonly targetId: string,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget' as never, this.listener as never);
  }

  private async call<T>(method: string, params: object): Promise<T> {
    const id = ++this.next;
    const answer = new Promise<{ result?: unknown; error?: { message: string } }>((r) => this.waiting.set(id, r));
    await this.cdp.send(
      'Target.sendMessageToTarget' as never,
      { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) } as never,
    );
    const message = await answer;
    this.waiting.delete(id);
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result as T;
  }

  /** Evaluates an expression in the popup (promises awaited) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const res = await this.call<{
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (res.exceptionDetails)
      throw new Error(`in the popup: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`);
    return res.result.value as T;
  }

  /** Polls an expression until it returns a truthy value (which is returned). */
  async waitFor<T>(expression: string, timeout = 10_000): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate<T>(expression).catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`popup: timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Texts of the elements with this test id. */
  texts(testid: string): Promise<string[]> {
    return this.evaluate(
      `[...document.querySelectorAll('[data-testid="${testid}"]')].map((e) => e.textContent.trim())`,
    );
  }

  /**
   * Clicks the (first enabled) element with this test id; `within`: inside the list item (test id
   * `item`) whose `value` element (test id) reads exactly `text`.
   */
  async click(testid: string, within?: { item: string; value: string; text: string }): Promise<void> {
    const scope = within
      ? `[...document.querySelectorAll('[data-testid="${within.item}"]')]` +
        `.find((e) => e.querySelector('[data-testid="${within.value}"]')?.textContent.trim() === ` +
        `${JSON.stringify(within.text)})`
      : 'document';
    await this.waitFor(`!!${scope}?.querySelector('[data-testid="${testid}"]:not([disabled])')`);
    await this.evaluate(`${scope}.querySelector('[data-testid="${testid}"]:not([disabled])').click()`);
  }

  async screenshot(name: string): Promise<void> {
    const { data } = await this.call<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
    });
    await writeFile(resolve(SCREENSHOTS, `${name}.png`), Buffer.from(data, 'base64'));
  }

  async close(): Promise<void> {
    this.cdp.off('Target.receivedMessageFromTarget' as never, this.listener as never);
    await this.cdp.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {});
  }
}
