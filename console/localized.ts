import * as z from 'zod';
import zodEn from 'zod/v4/locales/en.js';
import { zodLocale } from './i18n/index.ts';

/**
 * safeParse with zod's own messages in the console's language (custom messages of the shared
 * schemas stay as written). Only the form pages import this, so zod loads with them, not before.
 */
export function safeParseLocalized<S extends z.ZodType>(schema: S, value: unknown): ReturnType<S['safeParse']> {
  z.config((zodLocale() ?? zodEn)() as Parameters<typeof z.config>[0]);
  return schema.safeParse(value) as ReturnType<S['safeParse']>;
}
