import * as z from 'zod';

const RedisHealth = z.object({
  reachable: z.boolean().describe('Whether Redis answered PING within the health timeout.'),
  latency_ms: z.number().nullable().describe('Round trip of the PING, or null when it failed.'),
  error: z
    .enum(['not_configured', 'timeout', 'unauthorized', 'unreachable'])
    .optional()
    .describe('Why Redis is not reachable; never includes credentials.'),
});

export const SecretProblem = z.object({
  secret: z.enum(['HASH_SECRET', 'HASH_SECRET_PREVIOUS', 'ADMIN_TOKEN']).describe('Name of the Worker secret.'),
  problem: z
    .enum(['missing', 'weak'])
    .describe('`weak`: shorter than 32 characters, too few distinct characters or a placeholder.'),
  message: z.string().describe('What is wrong and how to set it; never the value.'),
});
export type SecretProblem = z.infer<typeof SecretProblem>;

const SecretsHealth = z.object({
  production: z
    .boolean()
    .describe(
      'Whether the Worker runs as production (VOUCH_ENV is neither `development` nor `test`); ' +
        'only then do secret problems degrade it.',
    ),
  problems: z
    .array(SecretProblem)
    .describe(
      'Secrets that are missing or weak. In production, writes that need them answer 503; ' +
        'a weak HASH_SECRET_PREVIOUS is ignored.',
    ),
});

const EventsHealth = z.object({
  dead_letters: z
    .number()
    .int()
    .nullable()
    .describe(
      'Raw-event queue messages that failed every retry (or could not be read) and wait in object storage; ' +
        'the scheduled run sends failed ones back every minute, counted once. Counted up to 10,000; null when ' +
        'object storage could not be listed.',
    ),
});

export const HealthResponse = z
  .object({
    status: z
      .enum(['ok', 'degraded'])
      .describe('`degraded` when a dependency is down or, in production, a secret is missing or weak.'),
    version: z.string().describe('Version of the running Worker.'),
    redis: RedisHealth,
    secrets: SecretsHealth,
    events: EventsHealth,
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof HealthResponse>;
