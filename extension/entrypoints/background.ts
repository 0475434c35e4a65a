import { handleMessage } from '../lib/messages.ts';

// The service worker owns all network access and state; pages and the popup talk to it by message.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown) => handleMessage(message));
});
