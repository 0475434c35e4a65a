import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { filterReason } from './detect-bot.ts';

const require = createRequire(import.meta.url);
const crawlers = JSON.parse(
  readFileSync(
    require.resolve('crawler-user-agents').replace(/index\.mjs$|index\.js$/, 'crawler-user-agents.json'),
    'utf8',
  ),
) as { instances?: string[] }[];
const browsersDir = require.resolve('top-user-agents').replace(/index\.(m?js)$/, '');
const browsers = [
  ...new Set([
    ...(JSON.parse(readFileSync(`${browsersDir}desktop.json`, 'utf8')) as string[]),
    ...(JSON.parse(readFileSync(`${browsersDir}mobile.json`, 'utf8')) as string[]),
  ]),
];

const hit = (ua: string, headers: Record<string, string> = {}, method = 'GET') =>
  filterReason(new Request('https://vouch.example/r/CODE', { method, headers: { 'User-Agent': ua, ...headers } }));

describe('filterReason', () => {
  it('filters at least 99% of the crawler-user-agents corpus', () => {
    const agents = crawlers.flatMap((c) => c.instances ?? []).filter((ua) => ua.trim());
    const missed = agents.filter((ua) => hit(ua) === null);
    const share = ((1 - missed.length / agents.length) * 100).toFixed(2);
    console.log(`bot corpus: ${agents.length - missed.length}/${agents.length} filtered (${share}%)`);
    expect(agents.length).toBeGreaterThan(1000);
    expect(missed.length / agents.length).toBeLessThanOrEqual(0.01);
  });

  it('filters at most 0.5% of real browsers (top-user-agents)', () => {
    const filtered = browsers.filter((ua) => hit(ua) !== null);
    console.log(`browser corpus: ${filtered.length}/${browsers.length} filtered`);
    expect(browsers.length).toBeGreaterThan(50);
    expect(filtered.length / browsers.length).toBeLessThanOrEqual(0.005);
  });

  it('names the reason', () => {
    const chrome = browsers[0]!;
    expect(hit(chrome, {}, 'HEAD')).toBe('head_request');
    expect(hit(chrome, { 'Sec-Purpose': 'prefetch' })).toBe('prefetch');
    expect(hit(chrome, { Purpose: 'prefetch' })).toBe('prefetch');
    expect(hit('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).toBe('unfurler');
    expect(hit('Mozilla/5.0 (compatible; Barracuda Sentinel (EE))')).toBe('email_scanner');
    expect(hit(chrome, { Referer: 'https://nam12.safelinks.protection.outlook.com/?url=x' })).toBe('email_scanner');
    expect(hit('')).toBe('bot');
    expect(hit(chrome)).toBeNull();
  });
});
