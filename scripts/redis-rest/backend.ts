/**
 * What the REST bridge needs from a Redis: run one command, a pipeline, or a transaction,
 * returning raw replies (bulk strings as Buffers, so values round-trip byte for byte).
 */
export type RawReply = Buffer | string | number | null | RawReply[];

/** A Redis error reply (`ERR ...`, `WRONGTYPE ...`, `NOSCRIPT ...`), kept apart from values. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

export type RawResult = RawReply | RedisReplyError;

export interface RedisBackend {
  /** `redis` for a real server, `memory` for the embedded fallback. */
  readonly kind: 'redis' | 'memory';
  /** Where the data lives, for banners and /health (never includes a password). */
  readonly description: string;
  command(args: string[]): Promise<RawReply>;
  pipeline(commands: string[][]): Promise<RawResult[]>;
  /** MULTI/EXEC. Throws when the transaction is aborted as a whole (EXECABORT). */
  multi(commands: string[][]): Promise<RawResult[]>;
  close(): Promise<void>;
}

/** Redis itself could not be reached (connection refused, closed, timed out): a 5xx, not a 4xx. */
export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/** Keeps Redis's own error replies as values; anything else means the backend is unavailable. */
export function classifyIoredisError(err: unknown): RedisReplyError | BackendUnavailableError {
  if (err instanceof RedisReplyError || err instanceof BackendUnavailableError) return err;
  const e = err as { name?: string; message?: string };
  if (e?.name === 'ReplyError') return new RedisReplyError(e.message ?? 'ERR');
  return new BackendUnavailableError(e?.message ?? String(err));
}

export function toReplyError(err: unknown): RedisReplyError {
  if (err instanceof RedisReplyError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RedisReplyError(message);
}
