/**
 * The JSX factory as the bundle sees it: scripts/build-widget.ts compiles the widget's JSX in
 * the classic form, `h(type, props, ...children)`, and injects this module where JSX is used.
 * Preact's own createElement, which the bundle carries anyway for render(): no second vnode
 * factory, and no `children:` arrays in every element. Same vnodes, key and ref handling; types
 * still come from preact/jsx-runtime (tsconfig's automatic runtime).
 */
export { createElement as h, Fragment } from 'preact';
