/**
 * The widget's only styles, adopted by its shadow root as a constructable stylesheet: nothing
 * leaks into the host page and nothing of the host's leaks in. Theming is through the custom
 * properties below, which a merchant may override on `vouch-widget` from their own CSS.
 */
export const WIDGET_CSS = `
:host {
  all: initial;
  --vouch-brand: #5b3df5;
  --vouch-on-brand: #ffffff;
  --vouch-surface: #ffffff;
  --vouch-text: #1a1a2e;
  --vouch-radius: 12px;
  --vouch-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-family: var(--vouch-font);
  color: var(--vouch-text);
}
@media (prefers-color-scheme: dark) {
  :host { --vouch-surface: #1d1d27; --vouch-text: #f2f2f7; }
}
.launcher {
  position: fixed; inset-block-end: 20px; inset-inline-end: 20px; z-index: 2147483000;
  border: 0; border-radius: 999px; padding: 12px 18px; cursor: pointer;
  background: var(--vouch-brand); color: var(--vouch-on-brand);
  font: 600 15px/1.2 var(--vouch-font); box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
}
.launcher:focus-visible, button:focus-visible { outline: 3px solid var(--vouch-text); outline-offset: 2px; }
dialog {
  border: 0; border-radius: var(--vouch-radius); padding: 24px; max-width: min(420px, calc(100vw - 32px));
  background: var(--vouch-surface); color: var(--vouch-text); font-family: var(--vouch-font);
}
dialog::backdrop { background: rgb(0 0 0 / 0.4); }
h2 { margin: 0 0 8px; font-size: 20px; }
.close { float: inline-end; border: 0; background: transparent; color: inherit; font-size: 22px; cursor: pointer; }
`;

let sheet: CSSStyleSheet | undefined;

export function widgetStyleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
  }
  return sheet;
}
