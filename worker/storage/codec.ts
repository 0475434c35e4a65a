import type * as z from 'zod';

/** A stored record that no codec version reads: corrupt, or written by a newer Worker. */
export class StoredRecordError extends Error {
  constructor(record: string, detail: string) {
    super(`stored ${record} record could not be read: ${detail}`);
    this.name = 'StoredRecordError';
  }
}

/**
 * How one stored record type is written and read: JSON with a version field `v`, decoded by a
 * zod schema on every read. Records written before codecs existed carry no `v` and read as
 * version 1. To change a record's shape: bump `version`, and add `migrations[n]`, which turns a
 * version-n record (its plain JSON object, `v` removed) into version n+1; reads then upgrade old
 * records on the fly, and the next write stores the new version.
 */
export interface Codec<T> {
  readonly name: string;
  readonly version: number;
  encode(value: T): string;
  /** The record, or throws StoredRecordError. */
  decode(raw: string): T;
  /** For readers that take the stored text or nothing (GET of a missing key). */
  decodeOrNull(raw: string | null | undefined): T | null;
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

interface CodecSpec<S extends z.ZodType> {
  /** Names the record in errors: `program`, `reward`, ... */
  name: string;
  schema: S;
  /** Current version; 1 unless a migration exists. */
  version?: number;
  /** `migrations[n]` upgrades a version-n record to version n+1. */
  migrations?: Readonly<Record<number, Migration>>;
}

export function defineCodec<S extends z.ZodType>(spec: CodecSpec<S>): Codec<z.output<S>> {
  const version = spec.version ?? 1;
  const decode = (raw: string): z.output<S> => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new StoredRecordError(spec.name, 'not JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new StoredRecordError(spec.name, 'not an object');
    }
    let { v = 1, ...record } = json as Record<string, unknown>;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > version) {
      throw new StoredRecordError(spec.name, `unknown version ${String(v)} (this Worker reads up to ${version})`);
    }
    for (; v < version; v++) {
      const migrate = spec.migrations?.[v];
      if (!migrate) throw new StoredRecordError(spec.name, `no migration from version ${v}`);
      record = migrate(record);
    }
    const parsed = spec.schema.safeParse(record);
    if (!parsed.success) throw new StoredRecordError(spec.name, parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data;
  };
  return {
    name: spec.name,
    version,
    // `v` first, so a reader of the raw value (redis-cli, a Lua script) sees it at once.
    encode: (value) => JSON.stringify({ v: version, ...(value as object) }),
    decode,
    decodeOrNull: (raw) => (raw === null || raw === undefined ? null : decode(raw)),
  };
}
