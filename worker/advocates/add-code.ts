import type { AdvocateRecord, AdvocateStore, CodeRecord } from '../storage/advocates.ts';
import type { Tenant } from '../tenant.ts';
import { CODE_ATTEMPTS, codeCandidates, codeSpaceExhausted, type RequestedCode } from './code-candidates.ts';

/** Gives an advocate one more code: the vanity code asked for when free, else a generated one. */
export async function addAdvocateCode(
  advocates: AdvocateStore,
  t: Tenant,
  advocate: AdvocateRecord,
  requested: string | undefined,
  now = new Date(),
): Promise<{ code: string; record: CodeRecord; requested?: RequestedCode }> {
  const candidates = codeCandidates(requested, advocate.name ?? undefined);
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = await advocates.addCode(t, advocate, candidates.list(attempt), now);
    if (code) {
      const record = await advocates.codeFor(t, code);
      if (!record) throw new Error(`code ${code} was just written and is gone`);
      const report = candidates.report(code);
      return { code, record, ...(report ? { requested: report } : {}) };
    }
  }
  throw codeSpaceExhausted(true);
}
