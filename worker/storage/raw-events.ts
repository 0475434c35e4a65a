import * as z from 'zod';
import { sha256Hex } from '../lib/crypto.ts';
import { defineCodec } from './codec.ts';
import { type RawEventType, rawEventKeys } from './raw-event-keys.ts';
import type { Tenant } from './redis-keys.ts';

/** One row to keep: its type, tenant (null: a link nobody owns), time and id, and the JSON line itself. */
export interface RawRow {
  type: RawEventType;
  tenant: Tenant | null;
  at: number;
  id: string;
  row: object;
}

/** What a dead letter keeps: the queue message as it was, and why it is here. */
const DeadLetter = z.object({
  message_id: z.string(),
  attempts: z.number().int().nonnegative(),
  /** `failed`: every retry failed (replayed by the scheduled job); `undecodable`: not an EventMessage (kept). */
  reason: z.enum(['failed', 'undecodable']),
  kept_at: z.number().int(),
  body: z.unknown(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
const deadLetterCodec = defineCodec({ name: 'dead letter', schema: DeadLetter });

/** Groups rows by object: one per type, tenant and UTC hour. */
function byObject(rows: RawRow[]): Map<string, RawRow[]> {
  const groups = new Map<string, RawRow[]>();
  for (const r of rows) {
    const hour = Math.floor(r.at / 3600_000) * 3600_000;
    const group = `${r.type}|${r.tenant ? `${r.tenant.merchantId}|${r.tenant.mode}` : ''}|${hour}`;
    const list = groups.get(group) ?? [];
    list.push(r);
    groups.set(group, list);
  }
  return groups;
}

/**
 * Writes each group's rows as one NDJSON object named by the digest of its sorted event ids, so a retried
 * batch overwrites its own objects instead of adding rows (keys: raw-event-keys.ts). Puts run in parallel.
 */
async function writeRows(bucket: R2Bucket, rows: RawRow[]): Promise<number> {
  const puts = [...byObject(rows).values()].map(async (group) => {
    const first = group[0]!;
    const ids = group.map((r) => r.id).sort();
    const name = (await sha256Hex(ids.join('\n'))).slice(0, 32);
    const key = rawEventKeys.object(first.type, first.tenant, first.at, name);
    const body = `${group.map((r) => JSON.stringify(r.row)).join('\n')}\n`;
    await bucket.put(key, body, { httpMetadata: { contentType: 'application/x-ndjson' } });
  });
  await Promise.all(puts);
  return puts.length;
}

/** Object names under the dead-letter prefix, up to `limit` (pages of 1,000). */
async function listDeadLetters(bucket: R2Bucket, limit: number): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: rawEventKeys.deadLetterPrefix, cursor, limit: 1000 });
    for (const o of page.objects) keys.push(o.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor && keys.length < limit);
  return keys.slice(0, limit);
}

/** Raw events in R2 (bucket RAW_EVENTS): rows per type, tenant and hour, and the dead letters. */
export function rawEventStore(env: Pick<Env, 'RAW_EVENTS'>) {
  const bucket = env.RAW_EVENTS;
  return {
    /** Writes the rows; answers how many objects were written. */
    write: (rows: RawRow[]) => writeRows(bucket, rows),
    /** Keeps a message that failed every retry, or did not decode, until it is replayed (or read by a person). */
    keepDeadLetter: async (letter: DeadLetter) => {
      await bucket.put(rawEventKeys.deadLetter(letter.message_id), deadLetterCodec.encode(letter));
    },
    /** Dead letters kept now, counted up to `limit` (what /health shows). */
    deadLetterDepth: async (limit = 10_000) => (await listDeadLetters(bucket, limit)).length,
    listDeadLetters: (limit: number) => listDeadLetters(bucket, limit),
    /** A dead letter by object key; null when gone or unreadable (then left where it is, for a person). */
    readDeadLetter: async (key: string): Promise<DeadLetter | null> => {
      const object = await bucket.get(key);
      if (!object) return null;
      try {
        return deadLetterCodec.decode(await object.text());
      } catch {
        return null;
      }
    },
    deleteDeadLetter: (key: string) => bucket.delete(key),
  };
}
