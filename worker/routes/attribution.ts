import { Hono } from 'hono';
import { isStoredClickId } from '../../shared/ids.ts';
import type { AttributionResponse } from '../../shared/schemas/click.ts';
import { AttributionQuery } from '../../shared/schemas/click.ts';
import type { AppEnv } from '../app-env.ts';
import { clickOfToken, factsOfRecord } from '../conversions/click-facts.ts';
import { notFound, parseQuery } from '../lib/validate.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { advocateStore } from '../storage/advocates.ts';
import { clickStore } from '../storage/clicks.ts';
import { programStore } from '../storage/programs.ts';

/** /v1/attribution?click=clk_…: who referred this visitor, for the merchant's site (publishable key). */
export const attribution = new Hono<AppEnv>();
attribution.use('*', publicCors());

attribution.get('/', async (c) => {
  const { click: clickId } = parseQuery(c, AttributionQuery);
  const { tenant } = c.get('auth');
  // A token is verified and read with no Redis command; an older id names a stored record. Another
  // tenant's click reads as none either way (a token binds its merchant and mode), like an expired one.
  const click = isStoredClickId(clickId)
    ? factsOfRecord(await clickStore(c.env).get(tenant, clickId))
    : await clickOfToken(c.env, tenant, clickId);
  if (!click || Date.parse(click.expires_at) <= Date.now()) throw notFound('click');
  // Read in the same tick: one round trip (the client pipelines them).
  const [program, advocate] = await Promise.all([
    programStore(c.env).get(tenant, click.program_id),
    advocateStore(c.env).get(tenant, click.advocate_id),
  ]);
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
