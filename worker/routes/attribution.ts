import { Hono } from 'hono';
import type { AttributionResponse } from '../../shared/schemas/click.ts';
import { AttributionQuery } from '../../shared/schemas/click.ts';
import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { AppEnv } from '../app-env.ts';
import { getRedis } from '../storage/client.ts';
import { notFound, parseQuery } from '../lib/validate.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import type { ClickRecord } from '../redirect/record-click.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { redisKeys } from '../storage/redis-keys.ts';

/** /v1/attribution?click=clk_…: who referred this visitor, for the merchant's site (publishable key). */
export const attribution = new Hono<AppEnv>();
attribution.use('*', publicCors());

attribution.get('/', async (c) => {
  const { click: clickId } = parseQuery(c, AttributionQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const raw = await redis.get<string>(redisKeys.click(clickId));
  const click = raw ? (JSON.parse(raw) as ClickRecord) : null;
  if (
    !click ||
    click.merchant_id !== tenant.merchantId ||
    click.mode !== tenant.mode ||
    Date.parse(click.expires_at) <= Date.now()
  )
    throw notFound('click');
  const p = redis.pipeline();
  p.get(redisKeys.program(tenant, click.program_id));
  p.get(redisKeys.advocate(tenant, click.advocate_id));
  const [programJson, advocateJson] = (await p.exec()) as [string | null, string | null];
  if (!programJson) throw notFound('click');
  const program = JSON.parse(programJson) as Program;
  const advocate = advocateJson ? (JSON.parse(advocateJson) as Omit<Advocate, 'codes'>) : null;
  const body: AttributionResponse = {
    object: 'attribution',
    click_id: click.id,
    code: click.code,
    program_id: click.program_id,
    referrer: { first_name: firstName(advocate?.name) },
    offer: program.referee_offer,
    clicked_at: click.created_at,
    expires_at: click.expires_at,
  };
  c.header('Cache-Control', 'private, max-age=300');
  return c.json(body);
});
