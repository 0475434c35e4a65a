import { API_ORIGIN, BROWSER } from '../lib/config.ts';
import type { PairLinkReply, PairOutcome } from '../lib/messages.ts';
import { sitePatterns } from '../lib/sites.ts';

/**
 * The one declared content script: on the Worker's pairing-link page (`{API origin}/pair#vpl_…`) it
 * only HANDS the link's token to the background, which does not exchange it: any web page can send
 * its visitor here without a click, so the extension opens its own confirmation page ("Connect the
 * shop from this pairing link?") and only the user's Connect there pairs. The outcome shows on this
 * page (`data-state` of `#vouch-pair`: connecting → confirm-in-extension → connected | cancelled |
 * failed). It reads no other page and receives no token: at most the shop's name.
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
    const status = document.getElementById('vouch-pair-status');
    const show = (state: string, text: string) => {
      root.dataset.state = state;
      if (status) status.textContent = text;
    };
    root.dataset.state = 'connecting';

    // The confirmation page's answer, relayed by the background (only our own extension can send here).
    browser.runtime.onMessage.addListener((message: unknown) => {
      const outcome = message as PairOutcome | undefined;
      if (outcome?.type !== 'pair:outcome') return;
      if (outcome.state === 'connected') {
        root.dataset.merchant = outcome.merchant_name;
        show('connected', `Connected: the Vouch extension now shows ${outcome.merchant_name}.`);
      } else if (outcome.state === 'cancelled') {
        show('cancelled', 'Not connected: you cancelled in the Vouch extension.');
      } else {
        root.dataset.error = outcome.error;
        show('failed', 'The Vouch extension could not connect with this link.');
      }
    });

    let reply: PairLinkReply | undefined;
    try {
      reply = (await browser.runtime.sendMessage({ type: 'pair:link', link: token })) as PairLinkReply | undefined;
    } catch {
      reply = undefined;
    }
    if (root.dataset.state !== 'connecting') return; // already answered on the confirmation page
    if (reply?.type === 'confirm') {
      show('confirm-in-extension', 'Confirm in the Vouch window that opened: connect this shop, or cancel.');
    } else {
      root.dataset.error = reply?.error ?? 'server';
      show('failed', 'The Vouch extension could not take this link.');
    }
  },
});
