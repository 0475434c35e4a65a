import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** The public origin of short links: PUBLIC_BASE_URL (a custom domain) or this Worker's origin. */
export function linkBase(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_BASE_URL || new URL(c.req.url).origin).replace(/\/+$/, '');
}

export function shareLink(c: Context<AppEnv>, code: string): string {
  return `${linkBase(c)}/r/${encodeURIComponent(code)}`;
}
