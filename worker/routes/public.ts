import { Hono } from 'hono';
import { programState } from '../../shared/core/program-state.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { PublicConfig, PublicProgram } from '../../shared/schemas/public.ts';
import type { AppEnv } from '../app-env.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { programStore } from '../storage/programs.ts';
import { publicWidget } from './public-widget.ts';

const MAX_PUBLIC_PROGRAMS = 50;

function isRunning(p: Program, now: number): boolean {
  return programState(p, now) === 'running';
}

function toPublic(p: Program): PublicProgram {
  return {
    id: p.id,
    object: 'public_program',
    name: p.name,
    referee_offer: p.referee_offer,
    referrer_reward: p.referrer_reward,
    reward_tiers: p.reward_tiers,
    starts_at: p.starts_at,
    ends_at: p.ends_at,
    widget: p.widget,
  };
}

/** /v1/public: what browsers may call with a publishable key, from the merchant's origins. */
export const publicApi = new Hono<AppEnv>();
publicApi.use('*', publicCors(), idempotency());

publicApi.get('/config', async (c) => {
  const { tenant } = c.get('auth');
  const { programs } = await programStore(c.env).list(tenant, MAX_PUBLIC_PROGRAMS);
  const now = Date.now();
  const body: PublicConfig = {
    object: 'public_config',
    merchant: { name: c.get('merchant').name },
    livemode: tenant.mode === 'live',
    programs: programs.filter((p) => isRunning(p, now)).map(toPublic),
  };
  c.header('Cache-Control', 'private, max-age=60');
  return c.json(body);
});

publicApi.route('/', publicWidget);
