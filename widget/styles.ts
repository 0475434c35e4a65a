import { themeCss } from './theme.ts';

/** theme.ts's paletteCss(), computed by scripts/build-widget.ts (a constant: no palette objects in the bundle). */
declare const PALETTE_CSS: string;
/**
 * The widget's only styles, adopted by its shadow roots as constructable stylesheets: nothing
 * leaks into the host page, and `:host` with `!important` wins over a page's `* { all: unset
 * !important }`. Lengths are px, never rem: the page's root font size is not ours. Layout uses
 * logical properties, so right-to-left locales mirror it. Nothing moves, so reduced motion is
 * honoured by construction. `.v` starts from `all: initial` too: the inline panel's host is the
 * merchant's own element, so nothing the page sets on it or its ancestors (letter-spacing,
 * text-transform, word-spacing, text-indent, text-shadow…) is inherited, as in the dialog; but
 * visibility is, so a panel in a section the page hides with `visibility: hidden` hides with it.
 * Custom properties a merchant may set on `vouch-widget`:
 * --vouch-brand, --vouch-on-brand, --vouch-radius, --vouch-font. The palette's custom properties
 * (theme.ts's paletteCss: `--te`, `--li`…) are internal, and so are the short class names: .c a
 * card (toast), .p primary button, .b copy button, .r field row, .h title row, .x close, .m muted,
 * .tm terms, .n note, .e error, .s everything on the start side.
 */
const WIDGET_CSS =
  ':host(vouch-widget){all:initial!important;display:contents!important}:host{--vouch-brand:#5b3df5;' +
  `--vouch-on-brand:#fff;--vouch-radius:12px;--vouch-font:system-ui,sans-serif}${PALETTE_CSS}.v{all:initial;` +
  'display:block;visibility:inherit;font:15px/1.45 var(--vouch-font);color:var(--te);text-align:start}' +
  '*{box-sizing:border-box;font:inherit;color:inherit}button,summary{cursor:pointer}' +
  '.launcher,.p{background:var(--vouch-brand);color:var(--vouch-on-brand);border:0;font-weight:600;' +
  'padding:10px 16px;border-radius:8px}.launcher,.c{position:fixed;bottom:20px;inset-inline-end:20px;' +
  'z-index:2147483000;box-shadow:0 6px 24px #0005}.launcher{border-radius:99px;max-width:calc(100vw - 40px)}' +
  '.s>*{inset-inline:20px auto}:focus-visible{outline:3px solid var(--te);outline-offset:2px}' +
  '.launcher:focus-visible{outline-color:#000;box-shadow:0 0 0 6px #fff}' +
  'dialog,.c,:host([data-vouch]) .v{border:1px solid var(--li);border-radius:var(--vouch-radius);padding:20px;' +
  'width:min(440px,calc(100vw - 24px));background:var(--su)}dialog{max-height:calc(100vh - 24px)}' +
  'dialog::backdrop{background:#0007}.h{display:flex;align-items:start}.h>:first-child{flex:1}h2{margin:0;' +
  'font-size:20px}h2,h3,dd,summary{font-weight:700}h3,summary{margin:16px 0 4px}p{margin:8px 0}.x{border:0;' +
  'background:none;font-size:24px;line-height:1}.m,.tm{color:var(--mu)}.tm{font-size:13px;white-space:pre-line}' +
  'label{display:block;font-weight:600;margin:12px 0 4px}.r,ul{display:flex;flex-wrap:wrap;gap:8px;padding:0;' +
  'list-style:none}input{flex:1;min-width:0;padding:8px;border:1px solid var(--li);border-radius:8px;' +
  'background:var(--su)}.b,li>*{display:block;padding:8px 12px;border:1px solid var(--li);border-radius:8px;' +
  'background:var(--so);text-decoration:none}img{display:block;background:#fff}dl{display:grid;' +
  'grid-template-columns:1fr auto}.e{color:var(--er)}.n{background:var(--so);padding:8px}' +
  ':host([data-vouch]) .v{width:auto}form input{width:100%}.c{bottom:76px;width:min(340px,calc(100vw - 40px))}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}';
let sheets: CSSStyleSheet[] | undefined;
/** [the widget's styles, the program's theme]; the theme sheet is shared by every root, so one update restyles all. */
export function styleSheets(): CSSStyleSheet[] {
  if (!sheets) {
    sheets = [new CSSStyleSheet(), new CSSStyleSheet()];
    sheets[0]!.replaceSync(WIDGET_CSS);
  }
  return sheets;
}
export function applyBrand(brand: string | undefined): void {
  styleSheets()[1]!.replaceSync(themeCss(brand));
}
