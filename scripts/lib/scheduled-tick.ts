import { ScheduledRunSummary } from '../../shared/schemas/scheduled.ts';

export interface TickOptions {
  workerUrl: string;
  /** The DEV_TICK_TOKEN this run gave the Worker. */
  token: string;
  intervalMs: number;
  log: (line: string) => void;
}

/** One line for a run that did something, or null for a quiet run (nothing due). */
function describeRun(summary: ScheduledRunSummary): string | null {
  const parts: string[] = [];
  const { rewards, webhooks } = summary;
  if (rewards && rewards.approved > 0) {
    parts.push(`approved ${rewards.approved} reward${rewards.approved === 1 ? '' : 's'} (hold period over)`);
  }
  if (webhooks && webhooks.attempted > 0) {
    const { delivered, failed } = webhooks;
    parts.push(`webhook deliveries: ${delivered} delivered, ${failed} failed (retried later or given up)`);
  }
  if (!rewards) parts.push('reward approval failed (see the Worker log)');
  if (!webhooks) parts.push('webhook delivery failed (see the Worker log)');
  return parts.length ? parts.join('; ') : null;
}

async function tickOnce(options: TickOptions): Promise<ScheduledRunSummary> {
  const res = await fetch(`${options.workerUrl}/_dev/scheduled`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${options.token}` },
    signal: AbortSignal.timeout(Math.max(options.intervalMs, 30_000)),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return ScheduledRunSummary.parse(await res.json());
}

/**
 * Runs the Worker's scheduled work every `intervalMs` through its development route (wrangler dev
 * cannot fire the cron trigger of a Worker with static assets). Runs never overlap. Returns a stop.
 */
export function startScheduledTicks(options: TickOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  const tick = async () => {
    try {
      const line = describeRun(await tickOnce(options));
      if (line) options.log(line);
      failing = false;
    } catch (err) {
      // Once per streak: a Worker that is restarting should not flood the terminal.
      if (!failing) options.log(`scheduled run failed: ${err instanceof Error ? err.message : String(err)}`);
      failing = true;
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
