import { createHash } from 'node:crypto';

/**
 * Upstash accepts `#!lua flags=allow-key-locking` (a flag of its own); Redis 7.0 rejects any
 * flag it does not know. We rewrite the shebang to the flags Redis knows, which keeps line
 * numbers in error messages, and remember the digest the client computed over the original
 * text so that EVALSHA with that digest keeps working.
 */
const REDIS_7_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const SHEBANG = /^#!lua(?:[ \t]+flags=([^\r\n]*))?[ \t]*(?=\r?\n|$)/;

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function rewriteShebang(script: string): string {
  const match = SHEBANG.exec(script);
  if (!match || match[1] === undefined) return script;
  const flags = match[1]
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const kept = flags.filter((f) => REDIS_7_FLAGS.has(f));
  if (kept.length === flags.length) return script;
  const line = kept.length > 0 ? `#!lua flags=${kept.join(',')}` : '#!lua';
  return line + script.slice(match[0].length);
}

/**
 * Digest bookkeeping. `emulate` keeps script bodies too, for a backend without a script cache
 * (the in-memory fallback): EVALSHA then runs as EVAL of the remembered body.
 */
export class ScriptRegistry {
  private readonly digestMap = new Map<string, string>();
  private readonly bodies = new Map<string, string>();

  constructor(private readonly emulate: boolean) {}

  /** Returns the script to send to Redis; remembers client digest -> server digest. */
  register(original: string): { script: string; clientDigest: string; serverDigest: string } {
    // The embedded engine's Lua knows no shebang at all: blank the line (line numbers stay).
    const script = this.emulate ? original.replace(SHEBANG, '') : rewriteShebang(original);
    const clientDigest = sha1(original);
    const serverDigest = script === original ? clientDigest : sha1(script);
    if (serverDigest !== clientDigest) this.digestMap.set(clientDigest, serverDigest);
    if (this.emulate) this.bodies.set(clientDigest, script);
    return { script, clientDigest, serverDigest };
  }

  serverDigest(clientDigest: string): string {
    const lower = clientDigest.toLowerCase();
    return this.digestMap.get(lower) ?? lower;
  }

  body(clientDigest: string): string | undefined {
    return this.bodies.get(clientDigest.toLowerCase());
  }

  has(clientDigest: string): boolean {
    return this.bodies.has(clientDigest.toLowerCase());
  }

  flush(): void {
    this.digestMap.clear();
    this.bodies.clear();
  }
}
