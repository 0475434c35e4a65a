import { themeCss } from './theme.ts';

/** theme.ts's paletteCss(), computed by scripts/build-widget.ts (a constant: no palette objects in the bundle). */
declare const PALETTE_CSS: string;
/**
 * The widget's only styles, adopted by its shadow roots as constructable stylesheets: nothing
 * leaks into the host page, and `:host` with `!important` wins over a page's `* { all: unset
 * !important }`. Lengths are px, never rem: the page's root font size is not ours. Layout uses
 * logical properties, so right-to-left locales mirror it. Nothing moves, so reduced motion is
 * honoured by construction. Custom properties a merchant may set on
 * `vouch-widget`: --vouch-brand, --vouch-on-brand, --vouch-radius, --vouch-font.
 */
export const WIDGET_CSS = `:host(vouch-widget){all:initial!important;display:contents!important}:host{--vouch-brand:#5b3df5;--vouch-on-brand:#fff;--vouch-radius:12px;--vouch-font:system-ui,sans-serif}${PALETTE_CSS}.v{font:15px/1.45 var(--vouch-font);color:var(--v-text);text-align:start}*{box-sizing:border-box;font:inherit;color:inherit}button{cursor:pointer}.launcher,.primary{background:var(--vouch-brand);color:var(--vouch-on-brand);border:0;font-weight:600;padding:10px 16px;border-radius:8px}.launcher,.toast{position:fixed;bottom:20px;inset-inline-end:20px;z-index:2147483000;box-shadow:0 6px 24px #0005}.launcher{border-radius:99px;max-width:calc(100vw - 40px)}.start>*{inset-inline:20px auto}:focus-visible{outline:3px solid var(--v-text);outline-offset:2px}.launcher:focus-visible{outline-color:#000;box-shadow:0 0 0 6px #fff}dialog,.toast{border:1px solid var(--v-line);border-radius:var(--vouch-radius);padding:20px;width:min(440px,calc(100vw - 24px));background:var(--v-surface)}dialog{max-height:calc(100vh - 24px)}dialog::backdrop{background:#0007}.head{display:flex;align-items:start}h2{margin:0;font-size:20px;flex:1}h2,h3,dd{font-weight:700}h3{margin:16px 0 4px}p{margin:8px 0}.x{border:0;background:none;font-size:24px;line-height:1}.muted,.terms{color:var(--v-muted)}.terms{font-size:13px;white-space:pre-line}label{display:block;font-weight:600;margin:12px 0 4px}.row,ul{display:flex;gap:8px;padding:0;list-style:none}ul{flex-wrap:wrap}input{flex:1;min-width:0;padding:8px;border:1px solid var(--v-line);border-radius:8px;background:var(--v-surface)}.btn,li>*{display:block;padding:8px 12px;border:1px solid var(--v-line);border-radius:8px;background:var(--v-soft);text-decoration:none}.qr{display:block;width:128px;background:#fff}dl{display:grid;grid-template-columns:1fr auto}.err{color:var(--v-err)}.note{background:var(--v-soft);padding:8px}:host([data-vouch]) .v{display:block;background:var(--v-surface);border:1px solid var(--v-line);border-radius:var(--vouch-radius);padding:20px}form input{width:100%}.toast{bottom:76px;width:min(340px,calc(100vw - 40px))}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}`;
let base: CSSStyleSheet | undefined;
let theme: CSSStyleSheet | undefined;
/** [the widget's styles, the program's theme]; the theme sheet is shared by every root, so one update restyles all. */
export function styleSheets(): CSSStyleSheet[] {
  if (!base || !theme) {
    base = new CSSStyleSheet();
    base.replaceSync(WIDGET_CSS);
    theme = new CSSStyleSheet();
  }
  return [base, theme];
}
export function applyBrand(brand: string | undefined): void {
  styleSheets()[1]!.replaceSync(themeCss(brand));
}
