import { describe, expect, it } from 'vitest';
import { mergeByHour, type Timed } from './merge-by-hour.ts';

const H = 3_600_000;
const row = (id: string, ms: number): Timed => ({ id, ms });

async function* pagesOf(pages: Timed[][], failAfter = Number.POSITIVE_INFINITY): AsyncGenerator<Timed[]> {
  for (const [i, page] of pages.entries()) {
    if (i >= failAfter) throw new Error('storage error');
    yield page;
  }
}

async function collect(pages: AsyncIterable<Timed[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const page of pages) out.push(page.map((r) => r.id));
  return out;
}

describe('mergeByHour', () => {
  it('interleaves two sources hour by hour, oldest first, each id once', async () => {
    const raw = pagesOf([[row('r1', H + 5), row('dup', H + 2)], [row('r2', 3 * H)]]);
    const log = pagesOf([[row('l0', 10), row('l1', H + 1), row('dup', H + 2)], [row('l2', 2 * H)]]);
    expect(await collect(mergeByHour(raw, log))).toEqual([['l0'], ['l1', 'dup', 'r1'], ['l2'], ['r2']]);
  });

  it('keeps dropping repeats of an hour spread over pages, and sends a late row as it comes', async () => {
    const raw = pagesOf([[row('a', H), row('b', H + 1)]]);
    const log = pagesOf([[row('x', H + 2)], [row('b', H + 1), row('late', 5)], [row('y', 2 * H)]]);
    expect(await collect(mergeByHour(raw, log))).toEqual([['a', 'b', 'x'], ['late'], ['y']]);
  });

  it('hands out what it read before a source fails', async () => {
    const got: string[][] = [];
    const merged = mergeByHour(pagesOf([]), pagesOf([[row('p1', 0)], [row('p2', 1)]], 1));
    await expect(
      (async () => {
        for await (const page of merged) got.push(page.map((r) => r.id));
      })(),
    ).rejects.toThrow('storage error');
    expect(got).toEqual([['p1']]);
  });
});
