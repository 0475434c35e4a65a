import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../lib/crypto.ts';
import { visitFacts, visitorHash } from './visit-facts.ts';

const SECRET = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
const request = (ip: string, ua = 'Mozilla/5.0') =>
  new Request('https://x.example/r/A', { headers: { 'cf-connecting-ip': ip, 'user-agent': ua } });

describe('visitorHash', () => {
  it('is the HMAC of address and agent under the day’s key, as stored hashes were made', async () => {
    const now = Date.parse('2026-12-07T23:59:59.999Z');
    const dayKey = await hmacSha256Hex(SECRET, 'visitor-day:20261207');
    const expected = (await hmacSha256Hex(dayKey, '203.0.113.9\nMozilla/5.0')).slice(0, 32);
    expect(await visitorHash(SECRET, request('203.0.113.9'), now)).toBe(expected);
  });

  it('changes with the UTC day, the secret, the address and the agent', async () => {
    const now = Date.parse('2026-12-07T23:59:59.999Z');
    const base = await visitorHash(SECRET, request('203.0.113.9'), now);
    expect(await visitorHash(SECRET, request('203.0.113.9'), now + 1)).not.toBe(base);
    expect(await visitorHash(`${SECRET}x`, request('203.0.113.9'), now)).not.toBe(base);
    expect(await visitorHash(SECRET, request('203.0.113.8'), now)).not.toBe(base);
    expect(await visitorHash(SECRET, request('203.0.113.9', 'Other'), now)).not.toBe(base);
    expect(await visitorHash(SECRET, request('203.0.113.9'), now)).toBe(base);
  });
});

describe('visitFacts', () => {
  const IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/18.0 Mobile/15E148 Safari/604.1';
  const EDGE =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 ' +
    'Safari/537.36 Edg/150.0.0.0';
  const facts = (ua: string) => {
    const { device, browser } = visitFacts(request('203.0.113.9', ua));
    return { device, browser };
  };

  it('reads device and browser from the agent, the same on every hit (remembered per agent)', () => {
    for (let i = 0; i < 2; i++) {
      expect(facts(IPHONE)).toEqual({ device: 'mobile', browser: 'safari' });
      expect(facts(EDGE)).toEqual({ device: 'desktop', browser: 'edge' });
      expect(facts('curl/8.0')).toEqual({ device: 'other', browser: 'other' });
    }
  });

  it('reads an agent too long to remember all the same', () => {
    const long = `${EDGE} ${'x'.repeat(600)}`;
    expect(facts(long)).toEqual({ device: 'desktop', browser: 'edge' });
    expect(facts(long)).toEqual({ device: 'desktop', browser: 'edge' });
  });
});
