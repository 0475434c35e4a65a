import { expect } from 'vitest';
import type { EventMessage, RawEvent } from '../../../worker/storage/raw-event.ts';
import type { WorkerSuite } from '../../support/suite.ts';

/** The tests' clock: a fixed UTC day two days ago, so a run near midnight keeps every event in one day. */
export const DAY_MS = Math.floor(Date.now() / 86400_000) * 86400_000 - 2 * 86400_000;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
export const at = (h: number, m = 0) => DAY_MS + h * 3600_000 + m * 60_000;

/** Sends messages as the Worker's outbox would (`vouch-events`, through Miniflare's local Queues). */
export async function sendMessages(suite: WorkerSuite, ...groups: RawEvent[][]): Promise<void> {
  const queue = await suite.worker.mf.getQueueProducer<EventMessage>('EVENTS', 'vouch');
  for (const events of groups) await queue.send({ v: 1, events });
}

/** Polls `read` until it equals `want` (the consumer runs after the queue's 50 ms batch wait and its retries). */
export async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    try {
      expect(last).toEqual(want);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  expect(last).toEqual(want);
}

/** Every row the consumer wrote under a prefix of RAW_EVENTS (NDJSON objects), as parsed objects. */
export async function rowsUnder(suite: WorkerSuite, prefix: string): Promise<Record<string, unknown>[]> {
  const bucket = await suite.worker.mf.getR2Bucket('RAW_EVENTS', 'vouch');
  const rows: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const o of page.objects) {
      const text = await (await bucket.get(o.key))!.text();
      for (const line of text.split('\n').filter(Boolean)) rows.push(JSON.parse(line));
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return rows;
}

/** Object keys under a prefix of RAW_EVENTS. */
export async function keysUnder(suite: WorkerSuite, prefix: string): Promise<string[]> {
  const bucket = await suite.worker.mf.getR2Bucket('RAW_EVENTS', 'vouch');
  return (await bucket.list({ prefix })).objects.map((o) => o.key);
}

/** A tenant of its own per test: ids unique to the run, nothing else in Redis reads them. */
export function fakeLink(label: string) {
  const tag = `${label}${Math.random().toString(36).slice(2, 8)}`;
  return {
    tenant: { merchantId: `m_${tag}`, mode: 'test' as const },
    programId: `prog_${tag}`,
    alice: { id: `adv_a_${tag}`, code: `ALICE${tag}`.toUpperCase() },
    bob: { id: `adv_b_${tag}`, code: `BOB${tag}`.toUpperCase() },
  };
}
export type FakeLink = ReturnType<typeof fakeLink>;

let serial = 0;
type Trigger = 'link' | 'qr' | 'deep_link';

/** A ClickEvent as the redirect sends it. */
export function click(link: FakeLink, who: 'alice' | 'bob', visitor: string, ms: number, trigger: Trigger = 'link') {
  const id = `click_${ms.toString(36)}_${(serial++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const adv = link[who];
  const event: RawEvent = {
    v: 1,
    id,
    at: ms,
    merchant_id: link.tenant.merchantId,
    mode: link.tenant.mode,
    type: 'click',
    window_days: 30,
    click: {
      code: adv.code,
      program_id: link.programId,
      advocate_id: adv.id,
      visitor,
      trigger,
      landing_url: 'https://shop.example/',
      country: 'DE',
      device: 'desktop',
      browser: 'chrome',
      referrer_host: null,
    },
  };
  return event;
}

/** A FilteredEvent: on one of the link's codes, or (who null) on a link nobody owns. */
export function filtered(link: FakeLink, who: 'alice' | 'bob' | null, reason: 'bot' | 'email_scanner', ms: number) {
  const event: RawEvent = {
    v: 1,
    id: `evt_${ms.toString(36)}_${(serial++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
    at: ms,
    merchant_id: who ? link.tenant.merchantId : null,
    mode: link.tenant.mode,
    type: 'filtered',
    reason,
    program_id: who ? link.programId : null,
    advocate_id: who ? link[who].id : null,
    code: who ? link[who].code : `NOBODY${serial}`,
  };
  return event;
}

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));

/** A hash as field -> number, straight from Redis. */
export async function hashOf(suite: WorkerSuite, key: string): Promise<Record<string, number>> {
  const flat = (await suite.bridge.direct(['HGETALL', key])) as unknown[];
  const out: Record<string, number> = {};
  for (let i = 0; i < flat.length; i += 2) out[text(flat[i])] = Number(text(flat[i + 1]));
  return out;
}

export const pfcount = async (suite: WorkerSuite, key: string) => Number(await suite.bridge.direct(['PFCOUNT', key]));
