import { Hono } from 'hono';
import type { AttributionResponse } from '../../shared/schemas/click.ts';
import { AttributionQuery } from '../../shared/schemas/click.ts';
import type { AppEnv } from '../app-env.ts';
import { notFound, parseQuery } from '../lib/validate.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { clickStore } from '../storage/clicks.ts';

/** /v1/attribution?click=clk_…: who referred this visitor, for the merchant's site (publishable key). */
export const attribution = new Hono<AppEnv>();
attribution.use('*', publicCors());

attribution.get('/', async (c) => {
  const { click: clickId } = parseQuery(c, AttributionQuery);
  const { tenant } = c.get('auth');
  const clicks = clickStore(c.env);
  // Another tenant's click reads as none (the store's ownedBy), like an expired one.
  const click = await clicks.get(tenant, clickId);
  if (!click || Date.parse(click.expires_at) <= Date.now()) throw notFound('click');
  const { program, advocate } = await clicks.referrer(tenant, click);
  if (!program) throw notFound('click');
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
