import { describe, expect, it } from 'vitest';
import { href, parseRoute, section } from './router.ts';

const PROG = 'prog_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const ADV = 'adv_01HZZZZZZZZZZZZZZZZZZZZZZZ';

describe('console routes', () => {
  it('parses every page and round-trips through href', () => {
    for (const path of [
      '/console',
      '/console/programs',
      '/console/programs/new',
      `/console/programs/${PROG}`,
      '/console/advocates',
      `/console/advocates/${ADV}`,
      '/console/review',
      '/console/webhooks',
      '/console/integrations',
      '/console/payouts',
      '/console/install',
      '/console/exports',
    ]) {
      expect(href(parseRoute(path))).toBe(path);
    }
    expect(parseRoute('/console/')).toEqual({ name: 'overview' });
    expect(parseRoute(`/console/programs/${PROG}`)).toEqual({ name: 'program_edit', id: PROG });
  });

  it('answers not_found for anything else, ids of the wrong kind too', () => {
    expect(parseRoute('/consoles').name).toBe('not_found');
    expect(parseRoute(`/console/programs/${ADV}`).name).toBe('not_found');
    expect(parseRoute('/console/advocates/x/y').name).toBe('not_found');
    expect(parseRoute('/console/nope').name).toBe('not_found');
  });

  it('groups detail pages under their section', () => {
    expect(section({ name: 'program_edit', id: PROG })).toBe('programs');
    expect(section({ name: 'advocate', id: ADV })).toBe('advocates');
  });
});
