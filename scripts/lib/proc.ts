import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Starts a command in its own process group, so stopping it stops everything it started. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if anything is still there. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader may exit before its children (workerd): make sure the group is gone.
  signal('SIGKILL');
}

/** Pipes a child's output line by line with a prefix, dropping lines that match `hide`. */
export function prefixOutput(child: ChildProcess, prefix: string, hide?: RegExp): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() && !hide?.test(line)) console.log(`${prefix} ${line}`);
    });
  }
}

async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** The preferred port when free, else any free port (so two checkouts can run side by side). */
export async function pickPort(preferred: number): Promise<number> {
  if (await isPortFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isUp: (res: Response) => boolean = (r) => r.ok,
  init: RequestInit = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
      if (isUp(res)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s (last: ${last})`);
}

/** What asks a long-running command to stop: a signal, or the process that started it going away. */
export type StopRequest = { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'orphaned'; parentPid: number };

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Calls `stop` once on Ctrl-C, `kill` (SIGTERM), a hangup (SIGHUP), or when the parent dies:
 * npm forwards only SIGINT and SIGTERM to its script, so `kill -HUP <npm pid>` kills npm alone and
 * leaves us orphaned, which a changed parent pid reveals. Output errors (the terminal that went
 * away) are ignored so that the cleanup still runs to its end.
 */
export function onStopRequest(stop: (request: StopRequest) => void, pollMs = 500): void {
  let requested = false;
  const once = (request: StopRequest) => {
    if (requested) return;
    requested = true;
    clearInterval(watch);
    stop(request);
  };
  // Kept for good (not `once`): Ctrl-C reaches us twice, from the terminal and forwarded by npm, and a
  // second signal taking the default action would kill us halfway through stopping what we started.
  for (const signal of STOP_SIGNALS) process.on(signal, () => once({ kind: 'signal', signal }));
  const parentPid = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parentPid) once({ kind: 'orphaned', parentPid });
  }, pollMs);
  watch.unref();
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}
