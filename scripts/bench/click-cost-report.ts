/** bench:redirect's cost lines: what each phase counted, by store, and where the Redis commands went. */
import type { PhaseResult } from './click-costs.ts';

const usd = (n: number) => (Number.isFinite(n) ? `$${n.toFixed(2)}` : 'n/a');

/** The counts of a phase, its billed commands per click and its dollars per million, by store. */
export function printPhase(p: PhaseResult, edgeCpuMicros: number): void {
  const c = p.counted;
  const perClick = (n: number) => (p.clicks ? (n / p.clicks).toFixed(3) : 'n/a');
  console.log(
    `  ${p.name}: ${p.redirects} redirects in ${p.seconds.toFixed(0)} s (${(p.redirects / p.seconds).toFixed(1)}/s), ` +
      `${p.clicks} clicks stored by the consumer${p.clicks < p.redirects ? ' (NOT ALL: see above)' : ''}` +
      (p.sent > p.redirects ? ` (${p.sent - p.redirects} more requests were in flight when the load stopped)` : ''),
  );
  console.log(
    `    queue: ${p.messages} messages (${p.eventsPerMessage.toFixed(1)} events each, ` +
      `~${(p.messageBytes / 1024).toFixed(1)}` +
      ` KB), ${p.batches} consumer invocations (${perClick(p.batches)} per click), ` +
      `${c.queueOperations} operations (${perClick(c.queueOperations)} per click)`,
  );
  console.log(
    `    R2: ${p.objects} objects written (Class A), ${(c.r2Bytes / 1024).toFixed(0)} KB; ` +
      `Redis: ${c.redisCommands} billed commands = ${perClick(c.redisCommands)} per click ` +
      `(${p.duringClicks} while the clicks were made, ${c.redisCommands - p.duringClicks} after, draining the queue)`,
  );
  console.log(
    `    Workers: ${c.workerRequests} requests, ${c.workerCpuMs.toFixed(0)} CPU-ms (${edgeCpuMicros.toFixed(0)} µs ` +
      "per redirect as measured in workerd + the consumer invocations' wall time, an upper bound on their CPU)",
  );
  const byName = [...p.commands].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
  console.log(`    Redis commands by name: ${byName.join(', ') || 'none'}`);
  const cost = p.cost;
  console.log(
    `    $ per million tracked clicks: Workers ${usd(cost.workers)} + Queues ${usd(cost.queues)} + R2 ${usd(cost.r2)}` +
      ` + Redis ${usd(cost.redis)} = ${usd(cost.total)}`,
  );
}
