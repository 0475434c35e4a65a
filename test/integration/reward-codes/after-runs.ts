import type { WorkerSuite } from '../../support/suite.ts';

/** Runs the scheduled work (coupon sync drains its queue there) until `read` holds. */
export async function afterRuns<T>(suite: WorkerSuite, read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await suite.worker.scheduled(Date.now());
    const value = read();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
