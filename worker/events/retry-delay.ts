import { config } from '../lib/config.ts';

const FIRST_SECONDS = 30;
const MAX_SECONDS = 900;

/**
 * Seconds before a failed batch is delivered again: 30 s doubling to 900 s by attempt, times
 * EVENT_RETRY_SCALE (tests shrink it). With wrangler.toml's 20 retries a message outlasts about
 * four hours of outage (30+60+120+240+480 s, then 15 x 900 s) before it reaches the dead letters.
 */
export function retryDelaySeconds(env: Parameters<typeof config>[0], attempts: number): number {
  const base = Math.min(FIRST_SECONDS * 2 ** Math.max(0, attempts - 1), MAX_SECONDS);
  const scaled = base * config(env).EVENT_RETRY_SCALE;
  // Whole seconds: workerd truncates a fraction (0.9 s retried at once, measured: 19 attempts in 1.2 s), so a
  // scaled-down delay is at least 1 s (a test's 20 retries then span 20 s), and a scale of 0 retries at once.
  return Math.ceil(scaled);
}
