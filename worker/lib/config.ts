import * as z from 'zod';
import type { SecretProblem } from '../../shared/schemas/health.ts';
import { isProduction, secretProblems } from './secrets.ts';

const PerMinute = z.coerce.number().int().positive();
// z.number() refuses NaN and Infinity: "1e999" falls back like "abc".
const NonNegative = z.coerce.number().nonnegative();
const BaseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/**
 * The `[vars]` of wrangler.toml: each var's schema and the default used when it is unset, empty or
 * invalid. A parsed value keeps the var's name, so `config(env).EVENT_LINGER_MS` reads as what it is.
 */
const VARS = {
  /** The public origin of short links (trailing slashes removed); null = the request's own origin. */
  PUBLIC_BASE_URL: [BaseUrl, null],
  RATE_LIMIT_IP_PER_MINUTE: [PerMinute, 1200],
  RATE_LIMIT_KEY_PER_MINUTE: [PerMinute, 600],
  PUBLIC_LIMIT_PER_MINUTE: [PerMinute, 300],
  EVENT_LINGER_MS: [NonNegative, 1000],
  EVENT_RETRY_SCALE: [NonNegative, 1],
  LINK_CACHE_FRESH_MS: [NonNegative, 60_000],
  WEBHOOK_RETRY_SCALE: [NonNegative, 1],
} as const;

type VarName = keyof typeof VARS;
type Parsed<V> = V extends readonly [infer S extends z.ZodType, infer D] ? z.output<S> | D : never;

type Config = { readonly [K in VarName]: Parsed<(typeof VARS)[K]> } & {
  /** Production unless VOUCH_ENV says `development` or `test` (lost vars must not relax checks). */
  readonly production: boolean;
  /** Missing or weak secrets, as /health lists them (classified by lib/secrets.ts). */
  readonly secretProblems: SecretProblem[];
};

type SecretName = 'HASH_SECRET' | 'HASH_SECRET_PREVIOUS' | 'ADMIN_TOKEN';
/** Narrow on purpose: unit tests and helpers pass partial bindings; absent vars take their defaults. */
export type ConfigEnv = { readonly [K in VarName | SecretName | 'VOUCH_ENV']?: string };

function read(env: ConfigEnv, name: VarName): unknown {
  const [schema, fallback] = VARS[name];
  const raw = env[name];
  // Unset and empty both mean "the default" (wrangler.toml ships PUBLIC_BASE_URL = "").
  if (raw === undefined || raw === '') return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Loud but never a failed request: the default keeps the Worker serving. Logged once per
  // isolate: workerd hands every request the same bindings object, parsed once (below).
  console.warn(`[vouch] invalid ${name}=${JSON.stringify(raw)}: the default is used`);
  return fallback;
}

function parse(env: ConfigEnv): Config {
  const vars = Object.fromEntries(Object.keys(VARS).map((name) => [name, read(env, name as VarName)]));
  return { ...vars, production: isProduction(env), secretProblems: secretProblems(env) } as Config;
}

const parsed = new WeakMap<ConfigEnv, Config>();

/**
 * The Worker's settings, parsed once per bindings object (they do not change within an isolate):
 * the redirect asks on every hit, so a read is one WeakMap lookup.
 */
export function config(env: ConfigEnv): Config {
  let found = parsed.get(env);
  if (!found) {
    found = parse(env);
    parsed.set(env, found);
  }
  return found;
}
