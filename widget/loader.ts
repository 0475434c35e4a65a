/**
 * The snippet's script (dist/public/widget/loader.js, short-cached): defines `window.vouch` as a
 * queue so calls made before the widget arrives are kept, remembers its own tag (data-key,
 * data-locale, data-position, data-signin-url) and injects the versioned, long-cached bundle
 * next to it. A CSP nonce on the tag is passed on, so `'strict-dynamic'` pages work too.
 */
import { VOUCH_VERSION } from '../shared/version.ts';
import type { VouchFunction } from './command-queue.ts';

((w: Window & { vouch?: VouchFunction }, d: Document) => {
  const tag = d.currentScript as HTMLScriptElement | null;
  const vouch: VouchFunction =
    w.vouch ||
    function () {
      // The same stub as the paste snippet's (README): the queue holds `arguments` objects either way.
      // biome-ignore lint/complexity/noArguments: the snippet's shape, so both stubs queue the same thing
      // biome-ignore lint/suspicious/noAssignInExpressions: the snippet's idiom, kept as the README prints it
      (vouch.q = vouch.q || []).push(arguments);
    };
  w.vouch = vouch;
  if (!tag || vouch.s) return; // pasted twice
  vouch.s = tag;
  const script = d.createElement('script');
  script.async = true;
  script.src = new URL(`v${VOUCH_VERSION}/vouch.js`, tag.src).href;
  if (tag.nonce) script.nonce = tag.nonce;
  (d.head || d.documentElement).appendChild(script);
})(window, document);
