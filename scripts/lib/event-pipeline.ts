/**
 * The raw-event pipeline of wrangler.toml (queues `vouch-events` and `vouch-events-dead`, bucket
 * RAW_EVENTS) as Miniflare options: its own local Queues broker and R2, the real implementations
 * `wrangler dev` uses too. Tests and benches pass a shorter batch wait than production's 60 s, so a
 * recorded click is counted within a fraction of a second; everything else is as deployed.
 */
export interface EventPipelineOptions {
  /** Seconds a consumer batch waits to fill (production: 60). */
  batchTimeoutSeconds?: number;
  /** Attempts before a message goes to the dead-letter queue, minus one (production: 20). */
  maxRetries?: number;
}

export function eventPipeline(options: EventPipelineOptions = {}) {
  const maxBatchTimeout = options.batchTimeoutSeconds ?? 0.05;
  const maxRetries = options.maxRetries ?? 20;
  return {
    queueProducers: { EVENTS: { queueName: 'vouch-events' }, EVENTS_DEAD: { queueName: 'vouch-events-dead' } },
    queueConsumers: {
      'vouch-events': { maxBatchSize: 100, maxBatchTimeout, maxRetries, deadLetterQueue: 'vouch-events-dead' },
      'vouch-events-dead': { maxBatchSize: 100, maxBatchTimeout, maxRetries },
    },
    r2Buckets: ['RAW_EVENTS'],
  };
}
