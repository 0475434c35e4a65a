/**
 * Faults the test suites can switch on, to prove the Worker survives a struggling Redis.
 * Counted faults apply to the next N authorised requests, then switch themselves off, so a test
 * states exactly what goes wrong and when.
 */
export interface FaultSettings {
  /** Added before every authorised request is executed. */
  latency_ms?: number;
  /** Answer the next N requests with `error_status` without executing them. */
  fail_requests?: number;
  /** HTTP status for `fail_requests` (500-599). Default 503. */
  error_status?: number;
  /** Never answer the next N requests (the connection stays open until the client gives up). */
  blackhole_requests?: number;
  /** Execute the next N requests against Redis, then drop the connection without an answer. */
  drop_after_commit_requests?: number;
  /** Count and fault only requests to this path ('/', '/pipeline' or '/multi-exec'). */
  only_path?: string;
}

export type FaultAction = 'none' | 'fail' | 'blackhole' | 'drop_after_commit';

export class Faults {
  private settings: Required<FaultSettings> = Faults.empty();
  readonly injected = { fail: 0, blackhole: 0, drop_after_commit: 0, delayed: 0 };

  static empty(): Required<FaultSettings> {
    return {
      latency_ms: 0,
      fail_requests: 0,
      error_status: 503,
      blackhole_requests: 0,
      drop_after_commit_requests: 0,
      only_path: '',
    };
  }

  set(next: FaultSettings): void {
    this.settings = { ...Faults.empty(), ...next };
  }

  clear(): void {
    this.settings = Faults.empty();
  }

  current(): Required<FaultSettings> {
    return { ...this.settings };
  }

  get latencyMs(): number {
    return this.settings.latency_ms;
  }

  get errorStatus(): number {
    return this.settings.error_status;
  }

  /** Decides (and consumes) the fault for the request about to run. */
  take(path = '/'): FaultAction {
    const s = this.settings;
    if (s.only_path && s.only_path !== path) return 'none';
    if (s.fail_requests > 0) {
      s.fail_requests--;
      this.injected.fail++;
      return 'fail';
    }
    if (s.blackhole_requests > 0) {
      s.blackhole_requests--;
      this.injected.blackhole++;
      return 'blackhole';
    }
    if (s.drop_after_commit_requests > 0) {
      s.drop_after_commit_requests--;
      this.injected.drop_after_commit++;
      return 'drop_after_commit';
    }
    return 'none';
  }
}
