import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type ConfigEnv, config } from './config.ts';

/** The public origin of short links: PUBLIC_BASE_URL (a custom domain) or this Worker's origin. */
function linkBaseFor(env: ConfigEnv, requestUrl: string | URL): string {
  return config(env).PUBLIC_BASE_URL ?? new URL(requestUrl).origin;
}

export function shareLinkFor(env: ConfigEnv, requestUrl: string | URL, code: string): string {
  return `${linkBaseFor(env, requestUrl)}/r/${encodeURIComponent(code)}`;
}

export function linkBase(c: Context<AppEnv>): string {
  return linkBaseFor(c.env, c.req.url);
}

export function shareLink(c: Context<AppEnv>, code: string): string {
  return shareLinkFor(c.env, c.req.url, code);
}

/** A merchant's share link: `https://{link domain}/{code}` when it has one, else `/r/{code}` here. */
export function merchantShareLink(
  env: ConfigEnv,
  requestUrl: string | URL,
  merchant: { link_domains?: string[] },
  code: string,
): string {
  const domain = merchant.link_domains?.[0];
  return domain ? `https://${domain}/${encodeURIComponent(code)}` : shareLinkFor(env, requestUrl, code);
}
