import { createRedis, getRedirectRedis, getRedis, type Redis, type RedisEnv } from './client.ts';

/** The bindings a store needs: the Upstash REST endpoint and token. */
export type StoreEnv = RedisEnv;

/**
 * Which client a store speaks through: `default` (5 s timeout, 2 retries), `redirect` (the
 * redirect's response path: 300 ms, no retry, so a struggling Redis costs a visitor little) or
 * `probe` (/health: 1 s, no retry, never shared).
 */
export type Lane = 'default' | 'redirect' | 'probe';

export interface StoreFactory<S> {
  /** The store over the Worker's Redis; built once per isolate, client and lane. */
  (env: StoreEnv, lane?: Lane): S;
  /** The store over a given client: tests, and stores composed inside the storage layer. */
  over(redis: Redis): S;
}

const PROBE_TIMEOUT_MS = 1000;

function clientFor(env: StoreEnv, lane: Lane): Redis {
  if (lane === 'redirect') return getRedirectRedis(env);
  if (lane === 'probe') return createRedis(env, { timeoutMs: PROBE_TIMEOUT_MS, retries: 0 });
  return getRedis(env);
}

/**
 * Defines a store: the only way code outside worker/storage/ reaches Redis. `build` receives the
 * client and returns the store's typed interface, which speaks domain records (never keys or
 * commands). Stores are cached per client (clients are shared per isolate by client.ts), so a
 * route calling `programStore(c.env)` twice builds it once.
 */
export function defineStore<S>(build: (redis: Redis) => S): StoreFactory<S> {
  const built = new WeakMap<Redis, S>();
  const over = (redis: Redis): S => {
    let store = built.get(redis);
    if (store === undefined) {
      store = build(redis);
      built.set(redis, store);
    }
    return store;
  };
  const factory = (env: StoreEnv, lane: Lane = 'default') => over(clientFor(env, lane));
  factory.over = over;
  return factory;
}
