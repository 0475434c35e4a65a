import { render } from 'preact';
import { Rewards } from './Rewards.tsx';
import type { WalletContext } from './wallet-api.ts';

// What the bundle's sheet has no rule for (logical properties: right to left mirrors it).
const CSS =
  'h4{font-weight:700;margin:14px 0 4px}table{width:100%;border-collapse:collapse}' +
  'th,td{text-align:start;padding-block:4px;padding-inline-end:8px;border-bottom:1px solid var(--li)}';
let sheet: CSSStyleSheet | undefined;

/** The chunk's few rules, adopted once by the shadow root it renders in (after the widget's own). */
function adoptStyles(el: HTMLElement): void {
  const root = el.getRootNode();
  if (!(root instanceof ShadowRoot)) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * The wallet chunk (dist/public/widget/v{VERSION}/wallet.js, an ES module the main bundle imports
 * when a signed-in advocate's panel first shows): renders the Rewards section into `el`, a node
 * the panel keeps empty for it (arguments by position: the bundle's property names are mangled).
 * @public for the main bundle (widget/runtime.ts's walletSlot), which imports it by URL.
 */
export function mount(
  el: HTMLElement,
  base: string,
  key: string,
  identity: WalletContext['identity'],
  program: string,
  locale: string,
  t: WalletContext['t'],
): void {
  if (el.firstChild) return;
  adoptStyles(el);
  render(<Rewards _ctx={{ base, key, identity, program, locale, t }} />, el);
}
