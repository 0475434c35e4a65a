import { describe, expect, it } from 'vitest';
import { HealthResponse } from '../../../shared/schemas/health.ts';
import { rawEventKeys } from '../../../worker/storage/raw-event-keys.ts';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { workerSuite } from '../../support/suite.ts';
import { at, click, DAY_MS, dayOf, eventually, fakeLink, hashOf, keysUnder, sendMessages } from './event-pipeline.ts';

// Two retries (production: 20), so an outage outlasts them in seconds; a private Redis because the scheduled
// run, which replays the dead letters, also works on queues every merchant shares.
const suite = workerSuite({ private: true, worker: { events: { maxRetries: 2 } } });
const day = dayOf(DAY_MS);

const deadLetters = async () => {
  const res = await suite.worker.fetch('/health');
  return HealthResponse.parse(await res.json()).events.dead_letters;
};

describe('dead letters', () => {
  it('keeps what failed every retry in R2, shows the depth in /health, and counts it once when replayed', async () => {
    const link = fakeLink('dead');
    const events = Array.from({ length: 12 }, (_, i) => click(link, i % 2 ? 'alice' : 'bob', `V${i}`, at(8, i)));
    suite.bridge.server.setFaults({ fail_requests: 1_000_000 });
    await sendMessages(suite, events.slice(0, 6), events.slice(6));
    // Three attempts a second apart, then the dead-letter queue, whose consumer keeps each message in R2.
    await eventually(async () => (await keysUnder(suite, rawEventKeys.deadLetterPrefix)).length, 2, 30_000);
    // A message that is not an EventMessage is kept at once (never replayed: it would fail again).
    const queue = await suite.worker.mf.getQueueProducer('EVENTS', 'vouch');
    await queue.send({ v: 2, what: 'a future format' });
    await eventually(deadLetters, 3);
    suite.bridge.server.setFaults({});

    expect((await suite.worker.scheduled()).outcome).toBe('ok');
    const clicks = () => hashOf(suite, redisKeys.dailyClicks(link.tenant, day, 'program', link.programId));
    await eventually(async () => (await clicks()).clicks, 12);
    expect(await deadLetters()).toBe(1);
    // Replayed again (as if a delete had failed after its send): counted once all the same.
    await sendMessages(suite, events);
    expect((await suite.worker.scheduled()).outcome).toBe('ok');
    const marker = fakeLink('mark');
    await sendMessages(suite, [click(marker, 'alice', 'M', at(12))]);
    await eventually(
      async () => (await hashOf(suite, redisKeys.dailyClicks(marker.tenant, day, 'program', marker.programId))).clicks,
      1,
    );
    expect((await clicks()).clicks).toBe(12);
  }, 60_000);
});
