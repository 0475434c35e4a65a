import { describe, expect, it } from 'vitest';
import { badgeText } from './badge-text.ts';
import { selectionToCandidate } from './code-text.ts';
import { deepLink } from './deep-link.ts';
import { shareUrl } from './share-urls.ts';
import { matchesSites, sitePatterns } from './sites.ts';

describe('deep links', () => {
  const link = 'https://go.acme.test/r/ANA10';
  const sites = ['https://shop.acme.test', 'acme.test'];

  it('appends the page path and query, drops the fragment', () => {
    expect(deepLink(link, sites, 'https://shop.acme.test/products/tent-2p?color=green&size=l#reviews')).toBe(
      'https://go.acme.test/r/ANA10/products/tent-2p?color=green&size=l',
    );
    expect(deepLink(`${link}/`, sites, 'https://shop.acme.test/a/b/')).toBe('https://go.acme.test/r/ANA10/a/b/');
  });

  it('is the plain link on the home page', () => {
    expect(deepLink(link, sites, 'https://shop.acme.test/')).toBe(link);
    expect(deepLink(link, sites, 'https://shop.acme.test/?utm=1')).toBe(`${link}/?utm=1`);
  });

  it('keeps encoded paths as they are', () => {
    expect(deepLink(link, sites, 'https://acme.test/c/caf%C3%A9%20bar')).toBe(`${link}/c/caf%C3%A9%20bar`);
  });

  it('is null off the merchant’s sites', () => {
    expect(deepLink(link, sites, 'https://evil.test/products/tent')).toBeNull();
    expect(deepLink(link, sites, 'https://shop.acme.test.evil.test/')).toBeNull();
    expect(deepLink(link, sites, 'http://shop.acme.test/')).toBeNull(); // origin form pins the scheme
    expect(deepLink(link, sites, 'chrome://extensions')).toBeNull();
  });
});

describe('sites', () => {
  it('matches origins exactly, hosts on any scheme, wildcards on subdomains', () => {
    expect(matchesSites('http://localhost:8788/cart', ['http://localhost:8788'])).toBe(true);
    expect(matchesSites('http://localhost:8789/cart', ['http://localhost:8788'])).toBe(false);
    expect(matchesSites('https://shop.example:443/', ['https://shop.example'])).toBe(true);
    expect(matchesSites('http://shop.example/', ['shop.example'])).toBe(true);
    expect(matchesSites('https://a.b.shop.example/', ['*.shop.example'])).toBe(true);
    expect(matchesSites('https://shop.example/', ['*.shop.example'])).toBe(true);
    expect(matchesSites('https://notshop.example/', ['*.shop.example'])).toBe(false);
  });

  it('makes match patterns; Firefox patterns cannot carry a port', () => {
    expect(sitePatterns(['http://127.0.0.1:8787'], 'chrome', '/pair*')).toEqual(['http://127.0.0.1:8787/pair*']);
    expect(sitePatterns(['http://127.0.0.1:8787'], 'firefox')).toEqual(['http://127.0.0.1/*']);
    expect(sitePatterns(['shop.example'], 'chrome')).toEqual(['https://shop.example/*', 'http://shop.example/*']);
    expect(sitePatterns(['not a site'], 'chrome')).toEqual([]);
  });
});

describe('badge text', () => {
  it('formats each reward type in about four characters', () => {
    expect(badgeText({ type: 'fixed_amount', value: 1000, currency: 'USD' })).toBe('$10');
    expect(badgeText({ type: 'fixed_amount', value: 1050, currency: 'USD' })).toBe('$10.5');
    expect(badgeText({ type: 'fixed_amount', value: 12_399, currency: 'USD' })).toBe('$123');
    expect(badgeText({ type: 'fixed_amount', value: 150_000, currency: 'USD' })).toBe('$1.5K');
    expect(badgeText({ type: 'store_credit', value: 500, currency: 'EUR' })).toBe('€5');
    expect(badgeText({ type: 'gift_card', value: 500, currency: 'JPY' })).toBe('¥500');
    expect(badgeText({ type: 'percent_of_order', value: 10, currency: 'USD' })).toBe('10%');
    expect(badgeText({ type: 'percent_of_order', value: 7.5, currency: 'USD' })).toBe('7.5%');
    expect(badgeText({ type: 'points', value: 500 })).toBe('500');
    expect(badgeText({ type: 'points', value: 25_000 })).toBe('25K');
    expect(badgeText({ type: 'points', value: 1_999_999 })).toBe('1.99M');
    expect(badgeText({ type: 'charity_donation', value: 200, currency: 'GBP', charity_name: 'Trees' })).toBe('£2');
  });
});

describe('share URLs (the widget’s formats)', () => {
  const l = 'https://go.acme.test/r/ANA10/tents?x=1&y=2';
  const m = 'Get 15% off at Acme & co:';
  it('builds every channel', () => {
    expect(shareUrl('whatsapp', l, m, 's')).toBe(`https://wa.me/?text=${encodeURIComponent(`${m} ${l}`)}`);
    expect(shareUrl('telegram', l, m, 's')).toBe(
      `https://t.me/share/url?url=${encodeURIComponent(l)}&text=${encodeURIComponent(m)}`,
    );
    expect(shareUrl('x', l, m, 's')).toBe(
      `https://x.com/intent/post?text=${encodeURIComponent(m)}&url=${encodeURIComponent(l)}`,
    );
    expect(shareUrl('facebook', l, m, 's')).toBe(
      `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(l)}`,
    );
    expect(shareUrl('linkedin', l, m, 's')).toBe(
      `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(l)}`,
    );
    expect(shareUrl('email', l, m, 'A gift')).toBe(`mailto:?subject=A%20gift&body=${encodeURIComponent(`${m} ${l}`)}`);
    expect(shareUrl('sms', l, m, 's')).toBe(`sms:?&body=${encodeURIComponent(`${m} ${l}`)}`);
    // The link survives a round trip through the intent's query.
    expect(new URL(shareUrl('telegram', l, m, 's')).searchParams.get('url')).toBe(l);
  });
});

describe('saving a selection', () => {
  it('trims what a selection catches around a code', () => {
    expect(selectionToCandidate('  “SAVE10”. ')).toEqual({ kind: 'code', value: 'SAVE10' });
    expect(selectionToCandidate('(ANA-7K2Q)')).toEqual({ kind: 'code', value: 'ANA-7K2Q' });
    expect(selectionToCandidate('รหัส10')).toEqual({ kind: 'code', value: 'รหัส10' });
    expect(selectionToCandidate(' https://go.acme.test/r/ANA10 ')).toEqual({
      kind: 'link',
      value: 'https://go.acme.test/r/ANA10',
    });
  });
  it('refuses sentences, fragments and junk', () => {
    for (const s of ['', 'ab', 'use my code please', 'x'.repeat(65), '!!!', 'javascript:alert(1)'])
      expect(selectionToCandidate(s)).toBeNull();
  });
});
