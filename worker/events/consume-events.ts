import type { QUEUES } from './queues.ts';

/** The consumer of `vouch-events` (being written: issue 17). Until then every batch waits in the queue. */
export async function consumeEvents(batch: MessageBatch<unknown>, _env: Env, _ctx: ExecutionContext): Promise<void> {
  batch.retryAll({ delaySeconds: 60 });
}

/** The consumer of `vouch-events-dead` (being written: issue 17). */
export async function keepDeadLetters(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  batch.retryAll({ delaySeconds: 60 });
}

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
