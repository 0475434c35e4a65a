import { API_ORIGIN, BROWSER } from '../lib/config.ts';
import type { PairLinkReply } from '../lib/messages.ts';
import { sitePatterns } from '../lib/sites.ts';

/**
 * The one declared content script: on the Worker's pairing-link page (`{API origin}/pair#vpl_…`) it
 * hands the link's token to the background, which exchanges it, and reports the outcome on the page
 * (`data-state` of `#vouch-pair`: connecting → connected | failed). It reads no other page and
 * receives no token: the background answers only "paired with {shop}" or an error.
 */
export default defineContentScript({
  matches: sitePatterns([API_ORIGIN], BROWSER, '/pair*'),
  runAt: 'document_end',
  async main() {
    // Firefox patterns cannot hold a port, so the origin is checked here too.
    if (location.origin !== API_ORIGIN || location.pathname !== '/pair') return;
    const root = document.getElementById('vouch-pair');
    const token = decodeURIComponent(location.hash.slice(1));
    if (!root || !token.startsWith('vpl_')) return;
    // The token is single-use: take it out of the address bar and history.
    history.replaceState(null, '', location.pathname + location.search);
    root.dataset.state = 'connecting';
    let reply: PairLinkReply | undefined;
    try {
      reply = (await browser.runtime.sendMessage({ type: 'pair:link', link: token })) as PairLinkReply | undefined;
    } catch {
      reply = undefined;
    }
    if (reply?.type === 'paired') {
      root.dataset.state = 'connected';
      root.dataset.merchant = reply.merchant_name;
    } else {
      root.dataset.state = 'failed';
      root.dataset.error = reply?.error ?? 'server';
    }
  },
});
