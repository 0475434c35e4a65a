import { describe, expect, it } from 'vitest';
import { rawEventKeys } from '../../../worker/storage/raw-event-keys.ts';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { workerSuite } from '../../support/suite.ts';
import {
  at,
  click,
  DAY_MS,
  dayOf,
  eventually,
  type FakeLink,
  fakeLink,
  hashOf,
  keysUnder,
  rowsUnder,
  sendMessages,
} from './event-pipeline.ts';

// Faults on this file's own bridge: only the consumer talks to Redis here (the tests send the messages).
const suite = workerSuite();
const day = dayOf(DAY_MS);

const programClicks = async (link: FakeLink) =>
  (await hashOf(suite, redisKeys.dailyClicks(link.tenant, day, 'program', link.programId))).clicks ?? 0;

/** `n` clicks of distinct visitors, one minute apart from 09:00, in messages of `perMessage`. */
function clicks(link: FakeLink, n: number, perMessage: number) {
  const all = Array.from({ length: n }, (_, i) => click(link, i % 2 ? 'alice' : 'bob', `V${i}`, at(9, i % 60)));
  const messages = [];
  for (let i = 0; i < n; i += perMessage) messages.push(all.slice(i, i + perMessage));
  return { all, messages };
}

/** Waits, then checks the count stays put while a marker tenant's click is consumed after it. */
async function countedOnce(link: FakeLink, n: number) {
  await eventually(() => programClicks(link), n);
  const marker = fakeLink('mark');
  await sendMessages(suite, [click(marker, 'alice', 'M', at(12))]);
  await eventually(() => programClicks(marker), 1);
  expect(await programClicks(link)).toBe(n);
  // Rows follow the counters (a batch whose answer was lost writes them on its retry, a second later).
  const ids = async () =>
    new Set((await rowsUnder(suite, rawEventKeys.dayPrefix('click', link.tenant, day))).map((r) => r.id));
  await eventually(async () => (await ids()).size, n);
  expect(await programClicks(link)).toBe(n);
}

describe('the consumer under Redis faults', () => {
  it('counts once when Redis commits the script and the answer is lost (commit-then-drop, retried)', async () => {
    const link = fakeLink('drop');
    const { messages } = clicks(link, 30, 10);
    // The client's own retries re-run the committed script; the third drop fails the batch, retried later.
    suite.bridge.server.setFaults({ drop_after_commit_requests: 4 });
    await sendMessages(suite, ...messages);
    await countedOnce(link, 30);
    suite.bridge.server.setFaults({});
  });

  it('counts once when Redis never answers (black hole until the client gives up, then retried)', async () => {
    const link = fakeLink('hole');
    const { messages } = clicks(link, 20, 20);
    suite.bridge.server.setFaults({ blackhole_requests: 1 });
    await sendMessages(suite, ...messages);
    await countedOnce(link, 20);
    suite.bridge.server.setFaults({});
  }, 30_000);

  it('counts every click once after a 10-minute outage (scaled backoff), nothing dead-lettered', async () => {
    const link = fakeLink('outage');
    const { messages } = clicks(link, 60, 3);
    // Every Redis request fails for the whole span while clicks keep coming. 10 minutes of production backoff
    // is the first five retries (30+60+120+240+480 s); at the tests' scale each is 1 s (workerd's whole
    // seconds), so an outage of 5.5 s puts the first messages through six failed attempts, as 10 minutes would.
    suite.bridge.server.setFaults({ fail_requests: 1_000_000 });
    for (const m of messages) {
      await sendMessages(suite, m);
      await new Promise((r) => setTimeout(r, 275));
    }
    suite.bridge.server.setFaults({});
    await countedOnce(link, 60);
    expect(await keysUnder(suite, rawEventKeys.deadLetterPrefix)).toEqual([]);
  }, 60_000);
});
