import { describe, expect, it } from 'vitest';
import { Faults } from './faults.ts';

describe('Faults', () => {
  it('applies counted faults to the next requests in order, then switches them off', () => {
    const faults = new Faults();
    faults.set({ fail_requests: 1, blackhole_requests: 1, drop_after_commit_requests: 2 });
    expect([faults.take(), faults.take(), faults.take(), faults.take(), faults.take()]).toEqual([
      'fail',
      'blackhole',
      'drop_after_commit',
      'drop_after_commit',
      'none',
    ]);
    expect(faults.injected).toMatchObject({ fail: 1, blackhole: 1, drop_after_commit: 2 });
  });

  it('replaces settings on set and resets everything on clear', () => {
    const faults = new Faults();
    faults.set({ latency_ms: 50, error_status: 502, fail_requests: 3 });
    expect(faults.latencyMs).toBe(50);
    expect(faults.errorStatus).toBe(502);
    faults.set({ latency_ms: 10 });
    expect(faults.take()).toBe('none');
    faults.clear();
    expect(faults.current()).toEqual(Faults.empty());
  });
});
