import type { Endpoint } from './api.ts';
import { fetchSafe, sendBeaconSafe, toJson } from './safe.ts';

export type EventType = 'impression' | 'open' | 'copy' | 'share' | 'greeting_shown' | 'purchase_prompt_shown';
export type Channel =
  | 'native'
  | 'whatsapp'
  | 'telegram'
  | 'x'
  | 'facebook'
  | 'linkedin'
  | 'email'
  | 'sms'
  | 'qr'
  | 'copy';
interface WidgetEvent {
  type: EventType;
  program_id: string;
  channel?: Channel;
  at: string;
}

const FLUSH_AFTER_MS = 2000;
const MAX_BATCH = 50;

/**
 * Analytics events, batched and sent with sendBeacon (text/plain: no preflight, survives the
 * page unloading). Nothing is sent for a page that never shows the widget.
 */
export function createBeacon(api: Endpoint) {
  const queue: WidgetEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const body = toJson({ events: queue.splice(0, MAX_BATCH) });
      const url = `${api._base}/v1/public/events?key=${encodeURIComponent(api._key)}`;
      if (!sendBeaconSafe(url, body)) {
        // A string body goes as text/plain (no preflight), like the beacon's own.
        fetchSafe(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {});
      }
    }
  }

  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());

  return {
    _track(type: EventType, programId: string, channel?: Channel) {
      // No channel: left out of the JSON.
      queue.push({ type, program_id: programId, channel, at: new Date().toISOString() });
      timer ??= setTimeout(flush, FLUSH_AFTER_MS);
    },
  };
}
