import * as z from 'zod';

export const RedisHealth = z.object({
  reachable: z.boolean().describe('Whether Redis answered PING within the health timeout.'),
  latency_ms: z.number().nullable().describe('Round trip of the PING, or null when it failed.'),
  error: z
    .enum(['not_configured', 'timeout', 'unauthorized', 'unreachable'])
    .optional()
    .describe('Why Redis is not reachable; never includes credentials.'),
});

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']).describe('`degraded` when a dependency is down.'),
  version: z.string().describe('Version of the running Worker.'),
  redis: RedisHealth,
});
export type HealthResponse = z.infer<typeof HealthResponse>;
