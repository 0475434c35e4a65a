import { describe, expect, it } from 'vitest';
import { buildLocation } from './build-location.ts';

describe('buildLocation', () => {
  it('takes the fast path and the URL-API path to the same answer', () => {
    for (const destination of [
      'https://shop.example/welcome',
      'https://shop.example/welcome?utm=1#top',
      'https://shop.example/?a=1&b=%20x',
      'https://shop.example/p#frag',
    ]) {
      const fast = buildLocation(destination, {
        visitorQuery: new URLSearchParams(),
        code: 'ALICE15',
        clickId: 'clk_01ABC',
      });
      const slow = buildLocation(destination, {
        visitorQuery: new URLSearchParams('x=1'),
        code: 'ALICE15',
        clickId: 'clk_01ABC',
      });
      const a = new URL(fast);
      const b = new URL(slow);
      b.searchParams.delete('x');
      // Same place, same parameters (the fast path keeps the destination's own encoding).
      expect(a.origin + a.pathname + a.hash, destination).toBe(b.origin + b.pathname + b.hash);
      expect([...a.searchParams], destination).toEqual([...b.searchParams]);
      expect(a.searchParams.get('ref')).toBe('ALICE15');
    }
  });

  it('never lets a destination that carries ref or vouch_click keep them', () => {
    const url = new URL(
      buildLocation('https://shop.example/?ref=OLD&vouch_click=old', {
        visitorQuery: new URLSearchParams(),
        code: 'NEW',
        clickId: 'clk_1',
      }),
    );
    expect(url.searchParams.getAll('ref')).toEqual(['NEW']);
    expect(url.searchParams.getAll('vouch_click')).toEqual(['clk_1']);
  });
});
