/**
 * The automatic JSX runtime as the bundle sees it (scripts/build-widget.ts aliases
 * `preact/jsx-runtime` here): Preact's own createElement, which the bundle carries anyway for
 * render(), instead of a second vnode factory with dev-only fields. Same vnodes, key and ref
 * handling; types still come from preact/jsx-runtime.
 */
import { createElement, type ComponentType } from 'preact';
export { Fragment } from 'preact';

export const jsx = (type: string | ComponentType, props: Record<string, unknown>, key?: unknown) =>
  createElement(type, key === undefined ? props : { ...props, key });
export { jsx as jsxs };
