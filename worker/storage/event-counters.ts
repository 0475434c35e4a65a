import * as z from 'zod';
import { DEDUPE_SECONDS } from './clicks.ts';
import type { Redis } from './client.ts';
import { EVENTS_APPLY as APPLY } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { statsDay, statsHour } from './stats-buckets.ts';
import { defineStore } from './store.ts';

/** A tracked click as the consumer counts it (the queue's ClickEvent, reduced to what is counted). */
export interface CountableClick {
  kind: 'click';
  id: string;
  at: number;
  tenant: Tenant;
  programId: string;
  advocateId: string;
  code: string;
  visitor: string;
  trigger: string;
}

/** A filtered hit; `tenant` null (or no program) on a link nobody owns. */
export interface CountableFiltered {
  kind: 'filtered';
  id: string;
  at: number;
  tenant: Tenant | null;
  programId: string | null;
  advocateId: string | null;
  code: string | null;
  reason: string;
}

export type CountableEvent = CountableClick | CountableFiltered;
/** What counting did with an event (the same answer on every retry). */
export type Decision = 'counted' | 'duplicate' | 'filtered';

/** Event marks outlive the 8 days within which dead letters are replayed (9 days from the day's first event). */
const MARKS_TTL_SECONDS = 9 * 86400;
/** Events per script: keeps a request well under Upstash's size limit (about 300 bytes of plan each). */
const EVENTS_PER_SCRIPT = 1000;
const DECISIONS: Record<string, Decision> = { c: 'counted', d: 'duplicate', f: 'filtered' };
const Reply = z.array(z.enum(['c', 'd', 'f']));

type Pair = [number, string];
type First = [string, number];
type PlanEvent = [number, string, 'c' | 'f', string, number, First[], Pair[], Pair[], Pair[]];

/** The script's plan: keys by position (1-based, as KEYS), each hash or HyperLogLog once. */
class Plan {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly lists = { m: new Map<number, number>(), c: new Map<number, number>(), h: new Map<number, number>() };
  readonly m: [number, number][] = [];
  readonly c: [number, number][] = [];
  readonly h: [number, number, number][] = [];
  readonly e: PlanEvent[] = [];

  private key(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      this.keys.push(name);
      i = this.keys.length;
      this.index.set(name, i);
    }
    return i;
  }

  marks(name: string): number {
    return this.entry('m', name, (k) => this.m.push([k, MARKS_TTL_SECONDS]));
  }

  counter(name: string, ttl: number): number {
    return this.entry('c', name, (k) => this.c.push([k, ttl]));
  }

  hll(name: string, ttl: number, companion: number): number {
    return this.entry('h', name, (k) => this.h.push([k, ttl, companion]));
  }

  private entry(list: 'm' | 'c' | 'h', name: string, push: (k: number) => number): number {
    const k = this.key(name);
    let at = this.lists[list].get(k);
    if (at === undefined) {
      at = push(k);
      this.lists[list].set(k, at);
    }
    return at;
  }

  json(): string {
    return JSON.stringify({ m: this.m, c: this.c, h: this.h, e: this.e });
  }
}

/** What a counted click adds (as click-record.lua did) and what a duplicate adds instead. */
function planClick(plan: Plan, ev: CountableClick): void {
  const t = ev.tenant;
  const day = statsDay(ev.at);
  const hour = statsHour(ev.at);
  const daily = (scope: 'program' | 'advocate' | 'code', id: string) =>
    plan.counter(redisKeys.dailyClicks(t, day, scope, id), STATS_TTL_SECONDS.day);
  const dayStats = (scope: 'program' | 'advocate' | 'code', id: string) =>
    plan.counter(redisKeys.stats(t, day, scope, id), STATS_TTL_SECONDS.day);
  const program = daily('program', ev.programId);
  const advocate = daily('advocate', ev.advocateId);
  const codeDaily = daily('code', ev.code);
  const hourStats = plan.counter(redisKeys.stats(t, hour, 'program', ev.programId), STATS_TTL_SECONDS.hour);
  const totals = plan.counter(redisKeys.advocateTotals(t, ev.advocateId), 0);
  const trigger = `trigger:${ev.trigger}`;
  const counts = [program, advocate, codeDaily].flatMap((c): Pair[] => [
    [c, 'clicks'],
    [c, trigger],
  ]);
  counts.push([totals, 'clicks'], [hourStats, 'clicks']);
  const duplicates = [
    dayStats('program', ev.programId),
    dayStats('advocate', ev.advocateId),
    dayStats('code', ev.code),
    hourStats,
  ].map((c): Pair => [c, 'filtered:duplicate']);
  const visitors: Pair[] = [
    [plan.hll(redisKeys.dailyVisitors(t, day, 'program', ev.programId), STATS_TTL_SECONDS.day, program), ev.visitor],
    [plan.hll(redisKeys.hourlyVisitors(t, hour, ev.programId), STATS_TTL_SECONDS.hour, hourStats), ev.visitor],
  ];
  // The dedupe field's first write is also the code's first visit of the day.
  const seen = `s:${ev.code}:${ev.visitor}`;
  const firsts: First[] = [
    [`a:${ev.advocateId}:${ev.visitor}`, advocate],
    [seen, codeDaily],
  ];
  const marks = plan.marks(redisKeys.eventsApplied(t, day, ev.programId));
  plan.e.push([marks, `e:${ev.id}`, 'c', seen, ev.at, firsts, counts, visitors, duplicates]);
}

/** A filtered hit: by reason in the program's day hash, `filtered:{reason}` in advocate, code and hour stats. */
function planFiltered(plan: Plan, ev: CountableFiltered): void {
  const day = statsDay(ev.at);
  const dayTtl = STATS_TTL_SECONDS.day;
  if (!ev.tenant || !ev.programId) {
    const unknown = plan.counter(redisKeys.dailyFilteredUnknown(day), dayTtl);
    plan.e.push([
      plan.marks(redisKeys.eventsAppliedUnknown(day)),
      `e:${ev.id}`,
      'f',
      '',
      ev.at,
      [],
      [[unknown, ev.reason]],
      [],
      [],
    ]);
    return;
  }
  const t = ev.tenant;
  const field = `filtered:${ev.reason}`;
  const counts: Pair[] = [
    [plan.counter(redisKeys.dailyFiltered(t, day, ev.programId), dayTtl), ev.reason],
    [plan.counter(redisKeys.stats(t, statsHour(ev.at), 'program', ev.programId), STATS_TTL_SECONDS.hour), field],
  ];
  if (ev.advocateId) counts.push([plan.counter(redisKeys.stats(t, day, 'advocate', ev.advocateId), dayTtl), field]);
  if (ev.code) counts.push([plan.counter(redisKeys.stats(t, day, 'code', ev.code), dayTtl), field]);
  const marks = plan.marks(redisKeys.eventsApplied(t, day, ev.programId));
  plan.e.push([marks, `e:${ev.id}`, 'f', '', ev.at, [], counts, [], []]);
}

/** One script per EVENTS_PER_SCRIPT events, in time order (the dedupe keeps the earliest click). */
async function applyEvents(redis: Redis, events: CountableEvent[]): Promise<Map<string, Decision>> {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const decisions = new Map<string, Decision>();
  for (let i = 0; i < sorted.length; i += EVENTS_PER_SCRIPT) {
    const part = sorted.slice(i, i + EVENTS_PER_SCRIPT);
    const plan = new Plan();
    for (const ev of part) (ev.kind === 'click' ? planClick : planFiltered)(plan, ev as never);
    const reply = Reply.parse(await runScript(redis, APPLY, plan.keys, [plan.json(), DEDUPE_SECONDS * 1000]));
    if (reply.length !== part.length) throw new Error('events-apply answered for a different number of events');
    for (const [k, ev] of part.entries()) decisions.set(ev.id, DECISIONS[reply[k]!]!);
  }
  return decisions;
}

/** The queue consumer's counters: clicks and filtered hits, applied once per event id. */
export const eventCounters = defineStore((redis) => ({
  /** Counts what was not counted before and answers every event's decision (also those applied before). */
  apply: (events: CountableEvent[]) => applyEvents(redis, events),
}));
