import autocannon from 'autocannon';
import type { BenchStack } from './workerd-stack.ts';

/**
 * The two figures the Worker benchmarks report (bench:redeem, bench:providers): what one call costs in Redis,
 * and how a load run went.
 */
export interface Cost {
  name: string;
  roundTrips: number;
  sent: number;
  executed: number;
}

/**
 * Redis cost of one call: REST round trips and commands sent (bridge counters) and commands Redis executed
 * (as Upstash bills them), the mean over `samples` sequential calls made once background work settled.
 */
export async function measureCost(
  stack: BenchStack,
  name: string,
  samples: number,
  call: (i: number) => Promise<unknown>,
): Promise<Cost> {
  await stack.settle();
  await stack.resetStats();
  const before = await stack.executed();
  for (let i = 0; i < samples; i++) await call(i);
  await stack.settle();
  const s = await stack.stats();
  return {
    name,
    roundTrips: s.http_requests / samples,
    sent: s.commands / samples,
    executed: ((await stack.executed()) - before) / samples,
  };
}

export interface Load {
  name: string;
  ok: number;
  failed: number;
  /** Non-2xx answers by status, so a failure under load says what it was. */
  failures: string;
  perSecond: number;
  p50: number;
  p99: number;
}

interface LoadRun {
  /** The origin and path POSTed to. */
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** Each request's headers and body, made as it is sent (a new order, a newly signed event). */
  request(): { headers: Record<string, string>; body: string };
}

/** `connections` concurrent POSTs for `seconds` (autocannon), in figures. */
export async function postLoad(name: string, run: LoadRun): Promise<Load> {
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.seconds,
    requests: [{ method: 'POST', path: run.path, setupRequest: (req: any) => ({ ...req, ...run.request() }) }],
  });
  return loadFigures(name, result);
}

/** An autocannon run in figures: 2xx answers succeeded, every other answer and connection error failed. */
function loadFigures(name: string, result: autocannon.Result): Load {
  let succeeded = 0;
  const statuses: string[] = [];
  for (const [status, { count = 0 } = {}] of Object.entries(result.statusCodeStats ?? {})) {
    if (status.startsWith('2')) succeeded += count;
    else statuses.push(`${count} x ${status}`);
  }
  if (result.errors) statuses.push(`${result.errors} connection errors`);
  return {
    name,
    ok: succeeded,
    failed: result.requests.total - succeeded + result.errors,
    failures: statuses.join(', '),
    perSecond: succeeded / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
