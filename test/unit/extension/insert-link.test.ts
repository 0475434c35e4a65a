import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAtCaret } from '../../../extension/background/insert-link.ts';
import { CHROMIUM_ARGS, findChromium } from '../../support/chromium.ts';

// "Insert my referral link" runs `insertAtCaret` in the page through scripting.executeScript; here it
// runs the same way (serialised, in a real page of real Chromium) so caret handling, execCommand
// and the events editors listen to are the browser's, not a DOM imitation's.
const LINK = 'https://go.acme.test/r/ANA10';

const PAGE = `<!doctype html><body>
  <input id="input" value="Hello world">
  <textarea id="area">Line one
line two</textarea>
  <div id="rich" contenteditable="true"><p>Try <b>this</b> shop</p></div>
  <input id="email" type="email" value="a@b.test">
  <input id="ro" readonly value="fixed">
  <button id="btn">x</button>
  <script>
    window.events = [];
    for (const type of ['input', 'change']) document.addEventListener(type, (e) => \
events.push([type, e.target.id, e.constructor.name, e.inputType ?? null, e.data ?? null, e.bubbles]), true);
  </script>
</body>`;

let browser: Browser;
let page: Page;
const insert = (p: Page) => p.evaluate(`(${insertAtCaret.toString()})(${JSON.stringify(LINK)})`);

describe('insertAtCaret in Chromium', () => {
  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath)
      throw new Error('Chromium is needed for this test (apt-get install chromium, or set CHROMIUM_PATH).');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage();
  }, 30_000);
  afterAll(async () => browser?.close());
  beforeEach(async () => page.setContent(PAGE));

  it('inserts at the caret of an input, replacing the selection, with input and change events', async () => {
    await page.focus('#input');
    await page.evaluate(() => (document.getElementById('input') as HTMLInputElement).setSelectionRange(6, 11));
    expect(await insert(page)).toBe('inserted');
    expect(await page.inputValue('#input')).toBe(`Hello ${LINK}`);
    expect(await page.evaluate(() => (document.getElementById('input') as HTMLInputElement).selectionStart)).toBe(
      6 + LINK.length,
    );
    expect(await page.evaluate(() => (window as unknown as { events: unknown[] }).events)).toEqual([
      ['input', 'input', 'InputEvent', 'insertText', LINK, true],
      ['change', 'input', 'Event', null, null, true],
    ]);
  });

  it('inserts in a textarea at the caret', async () => {
    await page.focus('#area');
    await page.evaluate(() => (document.getElementById('area') as HTMLTextAreaElement).setSelectionRange(8, 8));
    await insert(page);
    expect(await page.inputValue('#area')).toBe(`Line one${LINK}\nline two`);
  });

  it('inserts in a contenteditable editor through the editing pipeline', async () => {
    await page.evaluate(() => {
      const b = document.querySelector('#rich b')!;
      const r = document.createRange();
      r.setStartAfter(b);
      r.collapse(true);
      (document.getElementById('rich') as HTMLElement).focus();
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
    });
    expect(await insert(page)).toBe('inserted');
    expect(await page.textContent('#rich')).toBe(`Try this${LINK} shop`);
    const events = (await page.evaluate(() => (window as unknown as { events: unknown[][] }).events)) as unknown[][];
    expect(events[0]).toEqual(['input', 'rich', 'InputEvent', 'insertText', LINK, true]);
  });

  it('falls back to a Range insertion where execCommand is refused', async () => {
    await page.evaluate(() => {
      document.execCommand = () => false;
      (document.getElementById('rich') as HTMLElement).focus();
    });
    expect(await insert(page)).toBe('inserted');
    expect(await page.textContent('#rich')).toContain(LINK);
    expect((await page.evaluate(() => (window as unknown as { events: unknown[][] }).events))[0]).toEqual([
      'input',
      'rich',
      'InputEvent',
      'insertText',
      LINK,
      true,
    ]);
  });

  it('appends in an email input (no selection API)', async () => {
    await page.focus('#email');
    await insert(page);
    expect(await page.inputValue('#email')).toBe(`a@b.test${LINK}`);
  });

  it('leaves read-only fields and non-fields alone', async () => {
    await page.focus('#ro');
    expect(await insert(page)).toBe('no-field');
    expect(await page.inputValue('#ro')).toBe('fixed');
    await page.focus('#btn');
    expect(await insert(page)).toBe('no-field');
  });
});
