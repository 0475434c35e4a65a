/**
 * What tracked clicks cost in every store, counted on the Worker's real pipeline (pipeline-stack.ts): new
 * visitors' clicks at a trickle (one a second, so the consumer sees real 60-second batches) or under
 * sustained load, then the queue drained. Counted, never assumed: consumer invocations and messages from
 * the broker's lines, R2 writes and bytes from listing the bucket (one PutObject per new object), clicks
 * stored from the rows' distinct ids, billed Redis commands from INFO commandstats.
 */
import { serialize } from 'node:v8';
import autocannon from 'autocannon';
import { type CostPerMillion, type Counted, costPerMillion, queueOperations } from './list-prices.ts';
import type { PipelineStack } from './pipeline-stack.ts';

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
let visitor = 0;
/** A visitor never seen before (its own address): every hit a tracked click. */
const newVisitor = () => ({
  'User-Agent': UA,
  'CF-Connecting-IP': `20.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor++ & 255}`,
});

/** What a phase's clicks got: redirects answered, and requests sent (some were in flight when load stopped). */
export interface Driven {
  redirects: number;
  sent: number;
}

export interface PhaseResult {
  name: string;
  seconds: number;
  redirects: number;
  sent: number;
  /** Distinct click ids the consumer stored during the phase. */
  clicks: number;
  batches: number;
  messages: number;
  eventsPerMessage: number;
  /** Estimated size of a message: its events V8-serialized as the producer sends them. */
  messageBytes: number;
  objects: number;
  commands: Map<string, number>;
  /** Of `commands`, those executed while the clicks were made (the edge, and any batch consumed meanwhile). */
  duringClicks: number;
  counted: Counted;
  cost: CostPerMillion;
}

/** One click a second for `seconds` (a fresh visitor each); answers the redirects made. */
export function trickle(link: string, seconds: number) {
  return async () => {
    const start = Date.now();
    let redirects = 0;
    for (let i = 0; i < seconds; i++) {
      const res = await fetch(link, { headers: newVisitor(), redirect: 'manual' });
      if (res.status === 302) redirects++;
      await new Promise((r) => setTimeout(r, Math.max(0, start + (i + 1) * 1000 - Date.now())));
    }
    return { redirects, sent: seconds };
  };
}

/** `connections` concurrent new visitors for `seconds`; answers the redirects made. */
export function load(link: string, seconds: number, connections: number) {
  return async () => {
    const result = await autocannon({
      url: link,
      connections,
      duration: seconds,
      requests: [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, ...newVisitor() } }) }],
    });
    return { redirects: result.statusCodeStats?.['302']?.count ?? 0, sent: result.requests.sent };
  };
}

interface Rows {
  ids: Set<string>;
  events: number;
  v8Bytes: number;
  bytes: number;
  objects: number;
}

/** Reads the objects written since `seen` (adding them to it): rows, distinct click ids, sizes. */
async function readNew(stack: PipelineStack, seen: Set<string>, rows: Rows): Promise<void> {
  for (const prefix of ['events/', 'dead-letters/']) {
    for (const { key, size } of await stack.objects(prefix)) {
      if (seen.has(key)) continue;
      seen.add(key);
      rows.objects++;
      rows.bytes += size;
      if (!key.startsWith('events/')) continue;
      for (const line of (await stack.text(key)).split('\n')) {
        if (!line) continue;
        const event = JSON.parse(line) as { id: string; type: string };
        rows.events++;
        rows.v8Bytes += serialize(event).length;
        if (event.type === 'click') rows.ids.add(event.id);
      }
    }
  }
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const delta = (after: Map<string, number>, before: Map<string, number>) =>
  new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0));

/** Drives clicks, waits until the consumer stored them all (or a batch wait + 30 s passed), counts. */
export async function measurePhase(
  stack: PipelineStack,
  name: string,
  drive: () => Promise<Driven>,
  edgeCpuMicros: number,
): Promise<PhaseResult> {
  const seen = new Set<string>();
  await readNew(stack, seen, { ids: new Set(), events: 0, v8Bytes: 0, bytes: 0, objects: 0 });
  const before = await stack.commands();
  const firstDelivery = stack.deliveries.length;
  const start = Date.now();
  const driven = await drive();
  const seconds = (Date.now() - start) / 1000;
  const duringClicks = total(delta(await stack.commands(), before));
  const rows: Rows = { ids: new Set(), events: 0, v8Bytes: 0, bytes: 0, objects: 0 };
  const deadline = Date.now() + (stack.batchTimeoutSeconds + 30) * 1000;
  while (rows.ids.size < driven.redirects && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    await readNew(stack, seen, rows);
  }
  await new Promise((r) => setTimeout(r, 1000)); // the broker logs a batch once its consumer returned
  const commands = delta(await stack.commands(), before);
  const deliveries = stack.deliveries.slice(firstDelivery);
  return { ...figures(name, driven, rows, commands, deliveries, edgeCpuMicros), seconds, duringClicks };
}

function figures(
  name: string,
  driven: Driven,
  rows: Rows,
  commands: Map<string, number>,
  deliveries: PipelineStack['deliveries'],
  edgeCpuMicros: number,
): Omit<PhaseResult, 'seconds' | 'duringClicks'> {
  const events = deliveries.filter((d) => d.queue === 'vouch-events');
  const messages = events.reduce((n, d) => n + d.acked, 0);
  const reads = deliveries.reduce((n, d) => n + d.total, 0);
  const eventsPerMessage = messages ? rows.events / messages : 0;
  // The body as sent: { v: 1, events: [...] } V8-serialized (a few bytes of header and wrapper).
  const messageBytes = eventsPerMessage * (rows.events ? rows.v8Bytes / rows.events : 0) + 16;
  const perChunk = queueOperations(messageBytes) / 3;
  const clicks = rows.ids.size;
  // Requests aborted by the load generator as it stopped were still answered (and their clicks stored).
  const requests = Math.max(driven.redirects, clicks);
  const counted: Counted = {
    clicks,
    workerRequests: requests + deliveries.length,
    workerCpuMs: (requests * edgeCpuMicros) / 1000 + deliveries.reduce((n, d) => n + d.ms, 0),
    // Each message written once and deleted once, read once per delivery (retries read again).
    queueOperations: perChunk * (2 * messages + reads),
    r2ClassA: rows.objects,
    r2ClassB: 0,
    r2Bytes: rows.bytes,
    redisCommands: total(commands),
  };
  return {
    name,
    redirects: driven.redirects,
    sent: driven.sent,
    clicks,
    batches: deliveries.length,
    messages,
    eventsPerMessage,
    messageBytes,
    objects: rows.objects,
    commands,
    counted,
    cost: clicks ? costPerMillion(counted) : { workers: 0, queues: 0, r2: 0, redis: 0, total: Number.NaN },
  };
}
