import { describe, expect, it } from 'vitest';
import { BROWSER_UA as HUMAN, settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { widgetShop } from '../../support/widget-shop.ts';

// Widget events are filtered like clicks (worker/redirect/detect-bot.ts): a bot's or a prefetched
// page's beacon is kept under its reason, never counted as an impression, open, copy or share.
const suite = workerSuite();
const ORIGIN = 'https://shop.example';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('POST /v1/public/events from bots and prefetches', () => {
  it('counts them apart by reason, and the program stats show them apart', async () => {
    const s = await widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] } });
    const batch = [
      { type: 'impression', program_id: s.programId },
      { type: 'open', program_id: s.programId },
      { type: 'share', program_id: s.programId, channel: 'whatsapp' },
    ];
    const send = async (headers: Record<string, string>) => {
      const res = await suite.worker.fetch(`/v1/public/events?key=${s.m.pk}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, ...headers },
        body: JSON.stringify({ events: batch }),
      });
      expect(res.status).toBe(202);
    };
    await send({ 'User-Agent': HUMAN });
    await send({ 'User-Agent': GOOGLEBOT });
    await send({ 'User-Agent': HUMAN, 'Sec-Purpose': 'prefetch;prerender' });
    await send({ 'User-Agent': HUMAN, Purpose: 'prefetch' });
    await send({ 'User-Agent': HUMAN, 'X-Moz': 'prefetch' });
    await settle(suite.bridge);

    const stats = await s.api.get(`/v1/programs/${s.programId}/stats`);
    expect(stats.status).toBe(200);
    // Only the person's batch is real; the others are there, under their reason.
    expect(stats.body.totals.widget).toEqual({
      impressions: 1,
      opens: 1,
      copies: 0,
      shares: 1,
      shares_by_channel: { whatsapp: 1 },
      filtered_by_reason: { bot: 3, prefetch: 9 },
    });
    // The hourly series says the same.
    const from = new Date(Date.now() - 3600_000).toISOString();
    const hourly = await s.api.get(`/v1/programs/${s.programId}/stats?interval=hour&from=${from}`);
    type Bucket = { metrics: { widget: { filtered_by_reason: object } } };
    const hours = hourly.body.series.map((b: Bucket) => b.metrics.widget.filtered_by_reason);
    expect(hours).toContainEqual({ bot: 3, prefetch: 9 });
  });
});
