import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ConfigEnv, config } from './config.ts';

const STRONG = 'k7Q2mV9xR4tB8nL1pZ6wC3yH5jD0fGsA';
// wrangler.toml's values, which are also the defaults.
const DEFAULTS = {
  PUBLIC_BASE_URL: null,
  RATE_LIMIT_IP_PER_MINUTE: 1200,
  RATE_LIMIT_KEY_PER_MINUTE: 600,
  PUBLIC_LIMIT_PER_MINUTE: 300,
  EVENT_LINGER_MS: 1000,
  EVENT_RETRY_SCALE: 1,
  LINK_CACHE_FRESH_MS: 60_000,
  WEBHOOK_RETRY_SCALE: 1,
};

describe('config', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives every default for empty bindings, as production', () => {
    const c = config({});
    expect(c).toMatchObject({ ...DEFAULTS, production: true });
    expect(c.secretProblems.map((p) => `${p.secret}:${p.problem}`)).toEqual(['HASH_SECRET:missing']);
  });

  it('is production unless VOUCH_ENV is development or test', () => {
    for (const stage of ['production', '', 'staging', 'Test', 'dev']) {
      expect(config({ VOUCH_ENV: stage }).production).toBe(true);
    }
    expect(config({ VOUCH_ENV: 'development' }).production).toBe(false);
    expect(config({ VOUCH_ENV: 'test' }).production).toBe(false);
  });

  it('takes good values exactly as the call sites did', () => {
    const c = config({
      PUBLIC_BASE_URL: 'https://go.example.com//',
      RATE_LIMIT_IP_PER_MINUTE: '2',
      RATE_LIMIT_KEY_PER_MINUTE: '3',
      PUBLIC_LIMIT_PER_MINUTE: '100000',
      EVENT_LINGER_MS: '0',
      LINK_CACHE_FRESH_MS: '0',
      WEBHOOK_RETRY_SCALE: '0.001',
      HASH_SECRET: STRONG,
    });
    expect(c).toMatchObject({
      PUBLIC_BASE_URL: 'https://go.example.com',
      RATE_LIMIT_IP_PER_MINUTE: 2,
      RATE_LIMIT_KEY_PER_MINUTE: 3,
      PUBLIC_LIMIT_PER_MINUTE: 100_000,
      EVENT_LINGER_MS: 0,
      LINK_CACHE_FRESH_MS: 0,
      WEBHOOK_RETRY_SCALE: 0.001,
      secretProblems: [],
    });
    const local = 'http://127.0.0.1:8787/links';
    expect(config({ PUBLIC_BASE_URL: local }).PUBLIC_BASE_URL).toBe(local);
  });

  it('falls back to the default for a bad value, warning once per bindings object, never throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad: ConfigEnv = {
      PUBLIC_BASE_URL: 'go.example.com',
      RATE_LIMIT_IP_PER_MINUTE: 'lots',
      RATE_LIMIT_KEY_PER_MINUTE: '2.5',
      PUBLIC_LIMIT_PER_MINUTE: '-5',
      EVENT_LINGER_MS: '1e999',
      LINK_CACHE_FRESH_MS: '-1',
      WEBHOOK_RETRY_SCALE: 'fast',
    };
    expect(config(bad)).toMatchObject(DEFAULTS);
    expect(warn).toHaveBeenCalledTimes(7);
    expect(warn).toHaveBeenCalledWith('[vouch] invalid RATE_LIMIT_IP_PER_MINUTE="lots": the default is used');
    // The same bindings again (workerd passes one object per isolate): parsed already, no new warning.
    config(bad);
    expect(warn).toHaveBeenCalledTimes(7);
  });

  it('parses a bindings object once: later reads are the same object', () => {
    const env: ConfigEnv = { RATE_LIMIT_IP_PER_MINUTE: '7' };
    expect(config(env)).toBe(config(env));
    expect(config({ RATE_LIMIT_IP_PER_MINUTE: '7' })).not.toBe(config(env));
  });

  it('reports weak secrets through lib/secrets.ts', () => {
    const c = config({ HASH_SECRET: STRONG, ADMIN_TOKEN: 'replace-me', HASH_SECRET_PREVIOUS: 'x' });
    const problems = c.secretProblems.map((p) => `${p.secret}:${p.problem}`);
    expect(problems).toEqual(['HASH_SECRET_PREVIOUS:weak', 'ADMIN_TOKEN:weak']);
  });
});
