import { describe, expect, it } from 'vitest';
import { ALLOWED_HOST, OPEN_REDIRECT_CORPUS } from '../test/support/open-redirect-corpus.ts';
import { checkDestination, normalizeHost, normalizeOrigin } from './urls.ts';

describe('checkDestination', () => {
  it(`accepts none of the ${OPEN_REDIRECT_CORPUS.length} open-redirect payloads and WHATWG failures`, () => {
    const accepted = OPEN_REDIRECT_CORPUS.filter(
      (url) => checkDestination(url, [ALLOWED_HOST], { testMode: false }).ok,
    );
    expect(accepted).toEqual([]);
  });

  it('accepts the merchant’s own https URLs, and http on localhost only in test mode', () => {
    // Percent-encoded dots decode to the very same host: not a trick, the merchant's own URL.
    for (const ok of [
      'https://shop.example/',
      'https://SHOP.example/welcome?x=1#top',
      'https://shop.example:443/a',
      'https://shop%2eexample/',
    ]) {
      expect(checkDestination(ok, [ALLOWED_HOST], { testMode: false }).ok, ok).toBe(true);
    }
    expect(checkDestination('http://localhost:8788/', ['localhost:8788'], { testMode: true }).ok).toBe(true);
    expect(checkDestination('http://localhost:8788/', ['localhost:8788'], { testMode: false }).ok).toBe(false);
    expect(checkDestination('https://b\u00FCcher.example/', ['xn--bcher-kva.example'], { testMode: false }).ok).toBe(
      true,
    );
  });
});

describe('normalizeOrigin / normalizeHost', () => {
  it('canonicalises what merchants type and refuses the rest', () => {
    expect(normalizeOrigin('https://Shop.Example')).toBe('https://shop.example');
    expect(normalizeOrigin('https://shop.example:443/')).toBe('https://shop.example');
    expect(normalizeOrigin('http://127.0.0.1:8788')).toBe('http://127.0.0.1:8788');
    for (const bad of [
      'null',
      'http://shop.example',
      'https://shop.example/path',
      'https://u:p@shop.example',
      'https://shop.example?x',
      'javascript:alert(1)',
      '',
    ]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
    expect(normalizeHost('Shop.Example.')).toBe('shop.example');
    expect(normalizeHost('b\u00FCcher.example')).toBe('xn--bcher-kva.example');
    for (const bad of ['https://shop.example', 'shop.example/x', 'user@shop.example', 'shop..example', 'a b', ''])
      expect(normalizeHost(bad), bad).toBeNull();
  });
});
