/** The queues of wrangler.toml (`[[queues.producers]]` / `[[queues.consumers]]`), by role. */
export const QUEUES = { events: 'vouch-events', dead: 'vouch-events-dead' } as const;
