import { describe, expect, it } from 'vitest';
import { type Command, installCommandQueue, type VouchFunction } from './command-queue.ts';

/** The optional queue line README gives for pages that call vouch() before the loader has run. */
function stub(win: { vouch?: VouchFunction }) {
  win.vouch =
    win.vouch ||
    ((...args: unknown[]) => {
      const vouch = win.vouch!;
      vouch.q = vouch.q || [];
      vouch.q.push(args);
    });
}

describe('command queue', () => {
  it('replays calls made before the bundle, in order, then dispatches at once', () => {
    const win: { vouch?: VouchFunction } = {};
    stub(win);
    win.vouch!('identify', { token: 'wtk_x' });
    win.vouch!('open');
    const seen: Command[] = [];
    installCommandQueue(win, (cmd) => seen.push(cmd));
    expect(seen).toEqual([['identify', { token: 'wtk_x' }], ['open']]);
    win.vouch!('close');
    expect(seen.at(-1)).toEqual(['close']);
    expect(win.vouch!.loaded).toBe(true);
  });

  it('keeps the loader’s tag reference for the bundle', () => {
    const tag = {} as HTMLScriptElement;
    const win: { vouch?: VouchFunction } = {};
    stub(win);
    win.vouch!.s = tag;
    installCommandQueue(win, () => {});
    expect(win.vouch!.s).toBe(tag);
  });

  it('works without any stub (script pasted alone)', () => {
    const win: { vouch?: VouchFunction } = {};
    const seen: Command[] = [];
    installCommandQueue(win, (cmd) => seen.push(cmd));
    win.vouch!('open');
    expect(seen).toEqual([['open']]);
  });
});
