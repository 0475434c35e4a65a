import { defineStore } from './store.ts';

// /health tells "not configured" apart from "unreachable": the error comes from opening the store.
export { RedisNotConfiguredError } from './client.ts';

/** Redis itself, for /health: open it with the 'probe' lane (1 s, no retry, never shared). */
export const healthStore = defineStore((redis) => ({
  /** True when Redis answers PING; throws what the client throws (timeout, unauthorized, …). */
  ping: async () => (await redis.ping()) === 'PONG',
}));
