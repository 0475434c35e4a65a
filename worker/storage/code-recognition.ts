import { type CodeRecord, codeCodec } from './advocates.ts';
import { decodeLinkRecords, type LinkRecords } from './links.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

/** A code to look up; with `linkHost`, it counts only when that host is its merchant's link domain. */
export interface CodeReading {
  code: string;
  linkHost?: string;
}

const unique = (keys: string[]) => [...new Set(keys)];

/** Codes the extension finds on pages, whoever owns them (the records say whose they are). */
export const codeRecognitionStore = defineStore((redis) => {
  const mget = async (keys: string[]) => {
    const values = keys.length ? ((await redis.mget<(string | null)[]>(...keys)) as (string | null)[]) : [];
    return new Map(keys.map((k, i) => [k, values[i] ?? null]));
  };
  return {
    /**
     * Each reading's link (null: no such code, or not on that link domain), in two round trips
     * whatever their number (one when no code is found): one MGET of every code record and
     * link-domain owner, then one MGET of the programs, advocates and merchants those records name.
     */
    links: async (readings: CodeReading[]): Promise<(LinkRecords | null)[]> => {
      const hostKey = (r: CodeReading) => (r.linkHost ? [redisKeys.linkDomain(r.linkHost)] : []);
      const found = await mget(unique(readings.flatMap((r) => [redisKeys.code(r.code), ...hostKey(r)])));
      const records = new Map<string, CodeRecord>();
      for (const r of readings) {
        const raw = found.get(redisKeys.code(r.code));
        if (raw && !records.has(r.code)) records.set(r.code, codeCodec.decode(raw));
      }
      const named = (rec: CodeRecord) => {
        const t: Tenant = { merchantId: rec.merchant_id, mode: rec.mode };
        return [
          redisKeys.program(t, rec.program_id),
          redisKeys.advocate(t, rec.advocate_id),
          redisKeys.merchant(t.merchantId),
        ];
      };
      const got = await mget(unique([...records.values()].flatMap(named)));
      return readings.map((r) => {
        const rec = records.get(r.code);
        if (!rec) return null;
        // A `https://{host}/{code}` link is the code's only if the host's owner owns the code.
        const hostOwner = r.linkHost ? found.get(redisKeys.linkDomain(r.linkHost)) : rec.merchant_id;
        if (!ownedBy(rec, { merchantId: hostOwner ?? '', mode: rec.mode })) return null;
        const [program, advocate, merchant] = named(rec).map((k) => got.get(k) ?? '') as [string, string, string];
        return decodeLinkRecords([found.get(redisKeys.code(r.code))!, program, advocate, merchant]);
      });
    },
  };
});
