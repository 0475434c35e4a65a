import { describe, expect, it } from 'vitest';
import { warmAnswer } from './warm-answers.ts';

const redirect = (location: string) =>
  new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'private, no-store' } });

describe('warmAnswer', () => {
  it('builds once per cookie and hands out independent copies', () => {
    let builds = 0;
    const build = () => {
      builds++;
      return redirect('https://shop.example/?ref=A&vouch_click=clk_1');
    };
    const first = warmAnswer('cookie-a', 'https://shop.example/', build);
    const second = warmAnswer('cookie-a', 'https://shop.example/', build);
    expect(builds).toBe(1);
    expect(first).not.toBe(second);
    for (const res of [first, second]) {
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://shop.example/?ref=A&vouch_click=clk_1');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    // A change to one copy's headers never reaches the next visitor's answer.
    first.headers.set('location', 'https://evil.example/');
    expect(warmAnswer('cookie-a', 'https://shop.example/', build).headers.get('location')).toBe(
      'https://shop.example/?ref=A&vouch_click=clk_1',
    );
  });

  it('rebuilds when the link now points elsewhere, and keeps visitors apart', () => {
    warmAnswer('cookie-b', 'https://shop.example/old', () => redirect('https://shop.example/old?ref=B'));
    const moved = warmAnswer('cookie-b', 'https://shop.example/new', () => redirect('https://shop.example/new?ref=B'));
    expect(moved.headers.get('location')).toBe('https://shop.example/new?ref=B');
    const other = warmAnswer('cookie-c', 'https://shop.example/new', () => redirect('https://shop.example/new?ref=C'));
    expect(other.headers.get('location')).toBe('https://shop.example/new?ref=C');
  });
});
