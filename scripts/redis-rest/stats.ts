/** Request and command counters, read and reset by tests and benchmarks (cost per operation). */
export interface BridgeStats {
  http_requests: number;
  unauthorized: number;
  by_path: Record<string, number>;
  /** Redis commands as received over REST (each pipeline or transaction entry counts once). */
  commands: number;
  by_command: Record<string, number>;
}

export class StatsCounter {
  private data: BridgeStats = StatsCounter.empty();

  static empty(): BridgeStats {
    return { http_requests: 0, unauthorized: 0, by_path: {}, commands: 0, by_command: {} };
  }

  request(path: string): void {
    this.data.http_requests++;
    this.data.by_path[path] = (this.data.by_path[path] ?? 0) + 1;
  }

  unauthorized(): void {
    this.data.unauthorized++;
  }

  commands(commands: string[][]): void {
    for (const cmd of commands) {
      const name = (cmd[0] ?? '').toUpperCase();
      this.data.commands++;
      this.data.by_command[name] = (this.data.by_command[name] ?? 0) + 1;
    }
  }

  snapshot(): BridgeStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = StatsCounter.empty();
  }
}
