import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../worker/storage/raw-event.ts';
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
  filtered,
  hashOf,
  keysUnder,
  pfcount,
  rowsUnder,
  sendMessages,
} from './event-pipeline.ts';

const suite = workerSuite();
const day = dayOf(DAY_MS);
const hour = (h: number) => `${day}${String(h).padStart(2, '0')}`;

/**
 * Eight clicks and two filtered hits: Alice's visitor V1 at 10:00 (counted), again at 10:10 (a duplicate
 * within the hour) and at 11:30 (counted: the hour is over; not a new visitor); V2 on Alice by QR at 10:05;
 * V1 on Bob at 10:20 (a new visitor for Bob); V3 on Bob by deep link at 10:40; a bot on Alice's code at
 * 10:30; a scanner on a link nobody owns.
 */
function scenario(link: FakeLink): RawEvent[] {
  return [
    click(link, 'alice', 'V1', at(10)),
    click(link, 'alice', 'V1', at(10, 10)),
    click(link, 'alice', 'V2', at(10, 5), 'qr'),
    click(link, 'bob', 'V1', at(10, 20)),
    click(link, 'alice', 'V1', at(11, 30)),
    click(link, 'bob', 'V3', at(10, 40), 'deep_link'),
    filtered(link, 'alice', 'bot', at(10, 30)),
    filtered(link, null, 'email_scanner', at(10, 45)),
  ];
}

/** What click-record.lua and the isolate's filtered-hit batch wrote for the same hits (worked out by hand above). */
const EXPECTED = {
  program: { clicks: 5, 'trigger:link': 3, 'trigger:qr': 1, 'trigger:deep_link': 1 },
  alice: { clicks: 3, 'trigger:link': 2, 'trigger:qr': 1, visitors: 2 },
  bob: { clicks: 2, 'trigger:link': 1, 'trigger:deep_link': 1, visitors: 2 },
  totals: { alice: { clicks: 3 }, bob: { clicks: 2 } },
  hour10: { clicks: 4, 'filtered:duplicate': 1, 'filtered:bot': 1 },
  hour11: { clicks: 1 },
  programDayStats: { 'filtered:duplicate': 1 },
  aliceDayStats: { 'filtered:duplicate': 1, 'filtered:bot': 1 },
  filteredByReason: { bot: 1 },
  visitors: { day: 3, hour10: 3, hour11: 1 },
};

async function figures(link: FakeLink) {
  const t = link.tenant;
  const daily = (scope: 'program' | 'advocate' | 'code', id: string) =>
    hashOf(suite, redisKeys.dailyClicks(t, day, scope, id));
  return {
    program: await daily('program', link.programId),
    alice: await daily('advocate', link.alice.id),
    aliceCode: await daily('code', link.alice.code),
    bob: await daily('advocate', link.bob.id),
    bobCode: await daily('code', link.bob.code),
    totals: {
      alice: await hashOf(suite, redisKeys.advocateTotals(t, link.alice.id)),
      bob: await hashOf(suite, redisKeys.advocateTotals(t, link.bob.id)),
    },
    hour10: await hashOf(suite, redisKeys.stats(t, hour(10), 'program', link.programId)),
    hour11: await hashOf(suite, redisKeys.stats(t, hour(11), 'program', link.programId)),
    programDayStats: await hashOf(suite, redisKeys.stats(t, day, 'program', link.programId)),
    aliceDayStats: await hashOf(suite, redisKeys.stats(t, day, 'advocate', link.alice.id)),
    aliceCodeDayStats: await hashOf(suite, redisKeys.stats(t, day, 'code', link.alice.code)),
    filteredByReason: await hashOf(suite, redisKeys.dailyFiltered(t, day, link.programId)),
    visitors: {
      day: await pfcount(suite, redisKeys.dailyVisitors(t, day, 'program', link.programId)),
      hour10: await pfcount(suite, redisKeys.hourlyVisitors(t, hour(10), link.programId)),
      hour11: await pfcount(suite, redisKeys.hourlyVisitors(t, hour(11), link.programId)),
    },
  };
}

const expected = () => ({
  ...EXPECTED,
  aliceCode: EXPECTED.alice,
  bobCode: EXPECTED.bob,
  aliceCodeDayStats: EXPECTED.aliceDayStats,
});
const unknownScanners = async () => (await hashOf(suite, redisKeys.dailyFilteredUnknown(day))).email_scanner ?? 0;

describe('the raw-event consumer', () => {
  it('counts clicks and filtered hits as the click script did, and keeps every row in R2 once', async () => {
    const link = fakeLink('exact');
    const scannersBefore = await unknownScanners();
    const events = scenario(link);
    await sendMessages(suite, events.slice(0, 3), events.slice(3));
    await eventually(() => figures(link), expected());
    expect(await unknownScanners()).toBe(scannersBefore + 1);

    const prefix = rawEventKeys.dayPrefix('click', link.tenant, day);
    await eventually(async () => (await rowsUnder(suite, prefix)).length, 6);
    const rows = await rowsUnder(suite, prefix);
    const duplicate = events[1]!.id;
    expect(rows.map((r) => r.id).sort()).toEqual(
      events
        .filter((e) => e.type === 'click')
        .map((e) => e.id)
        .sort(),
    );
    for (const row of rows) expect(row.counted).toBe(row.id !== duplicate);
    expect(rows.find((r) => r.id === duplicate)!.reason).toBe('duplicate');
    expect(await rowsUnder(suite, rawEventKeys.dayPrefix('filtered', link.tenant, day))).toHaveLength(1);
    // One object per type, tenant and hour of each batch: the clicks of 10:00 and 11:00 in two hours.
    const keys = await keysUnder(suite, prefix);
    expect(new Set(keys.map((k) => k.split('/').at(-2)))).toEqual(new Set(['10', '11']));
  });

  it('applies each event once: the same messages again, or regrouped, count nothing more', async () => {
    const link = fakeLink('again');
    const events = scenario(link);
    await sendMessages(suite, events);
    await eventually(() => figures(link), expected());
    const prefix = rawEventKeys.dayPrefix('click', link.tenant, day);
    await eventually(async () => (await keysUnder(suite, prefix)).length, 2);
    const scannersBefore = await unknownScanners();
    // A redelivery of the same message (same ids: its objects are overwritten), then the events regrouped.
    await sendMessages(suite, events);
    await sendMessages(suite, events.slice(4), events.slice(0, 4));
    const marker = fakeLink('marker');
    await sendMessages(suite, [click(marker, 'alice', 'V9', at(12))]);
    await eventually(async () => (await figures(marker)).program.clicks, 1);
    expect(await figures(link)).toEqual(expected());
    expect(await unknownScanners()).toBe(scannersBefore);
    const rows = await rowsUnder(suite, prefix);
    // Regrouped events land in objects of their own; a reader drops repeated ids, and the decision is the same.
    for (const row of rows) expect(row.counted).toBe(row.id !== events[1]!.id);
  });
});
