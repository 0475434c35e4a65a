import { afterAll, beforeAll } from 'vitest';
import { type Bridge, startBridge } from './redis.ts';
import { type RunningWorker, type StartWorkerOptions, startWorker } from './worker.ts';

export interface WorkerSuite {
  bridge: Bridge;
  worker: RunningWorker;
}

/**
 * The usual integration setup: a REST bridge over Redis and the Worker in workerd for the whole
 * file, torn down after it. Read `suite.worker` / `suite.bridge` inside tests and hooks.
 */
export function workerSuite(
  options: { db?: number; private?: boolean; worker?: Omit<StartWorkerOptions, 'bridge'> } = {},
): WorkerSuite {
  const suite = {} as WorkerSuite;
  beforeAll(async () => {
    suite.bridge = await startBridge({
      ...(options.db === undefined ? {} : { db: options.db }),
      ...(options.private ? { private: true } : {}),
    });
    suite.worker = await startWorker({ bridge: suite.bridge, ...options.worker });
  });
  // Up to 2 minutes: on a loaded 2-core CI machine disposing workerd once took over the default 30 s
  // (every test of the file had passed; the file failed on its teardown).
  afterAll(async () => {
    await suite.worker?.dispose();
    await suite.bridge?.stop();
  }, 120_000);
  return suite;
}
