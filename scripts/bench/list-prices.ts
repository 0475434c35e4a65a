/**
 * List prices (USD) of every store a tracked click uses, as docs/ANALYTICS.md ("Prices") gives them with
 * their sources, and the cost per million tracked clicks they make of what a bench counted. Marginal
 * prices: the plans' included amounts (Workers Standard's 10 M requests, Queues' 1 M operations, ...) are
 * left out, as they are for a business large enough for the figure to matter.
 */
export const PRICES = {
  /** Workers Standard: per request (a redirect, and each queue consumer invocation). */
  workerRequest: 0.3 / 1e6,
  /** Workers Standard: per CPU millisecond. */
  workerCpuMs: 0.02 / 1e6,
  /** Queues: per operation; a message written, read and deleted is 3 operations per 64 KB of it. */
  queueOperation: 0.4 / 1e6,
  queueOperationBytes: 64 * 1024,
  /** R2 Class A (PutObject, ListObjects, ...), Class B (GetObject, HeadObject), storage per GB-month. */
  r2ClassA: 4.5 / 1e6,
  r2ClassB: 0.36 / 1e6,
  r2GbMonth: 0.015,
  /** Upstash Redis pay-as-you-go: per command, every redis.call inside a script billed. */
  redisCommand: 0.2 / 1e5,
} as const;

/** Raw rows are kept 400 days (docs/ANALYTICS.md): what a click's bytes cost over their life. */
const KEPT_MONTHS = 400 / (365.25 / 12);

/** What happened for `clicks` tracked clicks, as counted (never assumed). */
export interface Counted {
  clicks: number;
  /** Worker invocations: redirects plus consumer batches. */
  workerRequests: number;
  workerCpuMs: number;
  queueOperations: number;
  r2ClassA: number;
  r2ClassB: number;
  r2Bytes: number;
  redisCommands: number;
}

export interface CostPerMillion {
  workers: number;
  queues: number;
  r2: number;
  redis: number;
  total: number;
}

/** Dollars per million tracked clicks, by store (R2 storage for the 400 days the rows are kept). */
export function costPerMillion(c: Counted): CostPerMillion {
  const perMillion = (dollars: number) => (dollars / c.clicks) * 1e6;
  const workers = perMillion(c.workerRequests * PRICES.workerRequest + c.workerCpuMs * PRICES.workerCpuMs);
  const queues = perMillion(c.queueOperations * PRICES.queueOperation);
  const r2 = perMillion(
    c.r2ClassA * PRICES.r2ClassA + c.r2ClassB * PRICES.r2ClassB + (c.r2Bytes / 1e9) * PRICES.r2GbMonth * KEPT_MONTHS,
  );
  const redis = perMillion(c.redisCommands * PRICES.redisCommand);
  return { workers, queues, r2, redis, total: workers + queues + r2 + redis };
}

/** Queue operations of one message of `bytes`: written, read and deleted, each per 64 KB started. */
export function queueOperations(bytes: number): number {
  return 3 * Math.max(1, Math.ceil(bytes / PRICES.queueOperationBytes));
}
