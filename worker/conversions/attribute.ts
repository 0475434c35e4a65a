import type * as z from 'zod';
import { parseCode } from '../../shared/codes.ts';
import { programState } from '../../shared/core/program-state.ts';
import { isStoredClickId } from '../../shared/ids.ts';
import type { ConversionCreate, UnattributedReason } from '../../shared/schemas/conversion.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { clickStore } from '../storage/clicks.ts';
import { conversionStore } from '../storage/conversions.ts';
import { programStore } from '../storage/programs.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { type ClickFacts, clickOfToken, factsOfRecord } from './click-facts.ts';

/** Redis for the facts, the hash secrets for click tokens (the Worker's bindings have both). */
export type AttributeEnv = StoreEnv & Partial<HashSecretEnv>;

export type ConversionInput = z.output<typeof ConversionCreate>;
/** The code record and program the caller read already (checkout has them): not read again. */
export type KnownCode = { code: string; record: CodeRecord; program: Program };

/** Who may get the credit: the click's advocate or the code's. */
export interface Candidate {
  programId: string;
  advocateId: string;
  code: string | null;
  click: ClickFacts | null;
}

/** The advocate credited, by what, and why in words. */
export interface Credit {
  program: Program;
  chosen: Candidate;
  source: 'click' | 'code' | 'click_and_code';
  reason: string;
}

export type Attribution =
  | { kind: 'existing'; id: string }
  | { kind: 'unattributed'; reason: UnattributedReason }
  | ({ kind: 'credited' } & Credit);

/**
 * Attribution, the first step of a conversion: the click (the one it credits under first-click)
 * and/or the code, the program's model deciding between two advocates, the program running.
 */
export async function attribute(
  env: AttributeEnv,
  t: Tenant,
  input: ConversionInput,
  key: string,
  occurredAt: number,
  knownCode: KnownCode | undefined,
): Promise<Attribution> {
  const given = input.click_id;
  // An old id (`clk_` + 26, made before tokens) names a stored record; anything else may be a token.
  const storedId = given !== undefined && isStoredClickId(given) ? given : null;
  const code = input.code !== undefined ? parseCode(input.code) : null;
  const known = knownCode && knownCode.code === code ? knownCode : undefined;
  // With everything known and no stored click, the natural key is checked in the credit step's read instead.
  const [facts, tokenClick] = await Promise.all([
    !known || storedId
      ? conversionStore(env).attributionFacts(t, { key, clickId: storedId, code: known ? null : code })
      : { existingId: null, click: null, code: null },
    given !== undefined && !storedId ? clickOfToken(env, t, given) : null,
  ]);
  if (facts.existingId) return { kind: 'existing', id: facts.existingId };

  let click = tokenClick ?? factsOfRecord(facts.click);
  let clickProblem: UnattributedReason | null = given !== undefined && !click ? 'click_not_found' : null;
  if (click && Date.parse(click.expires_at) < occurredAt) {
    click = null;
    clickProblem = 'click_expired';
  }
  // Only stored clicks name another: a token's visit under first-click already carries the earlier id.
  if (click && click.attributed_click_id !== click.id) {
    const credited = factsOfRecord(await clickStore(env).get(t, click.attributed_click_id));
    if (credited && Date.parse(credited.expires_at) >= occurredAt) click = credited;
  }
  const codeRecord = known ? known.record : facts.code;
  const byClick: Candidate | null = click
    ? { programId: click.program_id, advocateId: click.advocate_id, code: click.code, click }
    : null;
  const byCode: Candidate | null =
    codeRecord && code
      ? { programId: codeRecord.program_id, advocateId: codeRecord.advocate_id, code, click: null }
      : null;
  if (!byClick && !byCode)
    return {
      kind: 'unattributed',
      reason: clickProblem ?? (input.code !== undefined ? 'code_not_found' : 'no_click_or_code'),
    };

  const programOf = async (id: string) => (known?.program.id === id ? known.program : programStore(env).get(t, id));
  const credit = await choose(byClick, byCode, programOf);
  const state = credit.program ? programState(credit.program, occurredAt) : null;
  if (!credit.program || state === 'draft' || state === 'paused')
    return { kind: 'unattributed', reason: 'program_inactive' };
  return { kind: 'credited', ...credit, program: credit.program };
}

/** Between a click and a code: the same advocate, or the program's model picks one (its program read once or twice). */
async function choose(
  byClick: Candidate | null,
  byCode: Candidate | null,
  programOf: (id: string) => Promise<Program | null>,
): Promise<Omit<Credit, 'program'> & { program: Program | null }> {
  if (byClick && byCode && byClick.advocateId !== byCode.advocateId) {
    const clickProgram = await programOf(byClick.programId);
    if ((clickProgram?.attribution.model ?? 'last_click') === 'first_click') {
      const reason =
        'The click and the code point to different advocates; under first-click attribution the referral link ' +
        `clicked first (${byClick.click!.id}) earns it, not the code ${byCode.code}.`;
      return { program: clickProgram, chosen: byClick, source: 'click', reason };
    }
    const reason =
      'The click and the code point to different advocates; under last-click attribution the code used at ' +
      `checkout (${byCode.code}) earns it, not the earlier click.`;
    return { program: await programOf(byCode.programId), chosen: byCode, source: 'code', reason };
  }
  if (byClick && byCode) {
    const chosen = { ...byClick, code: byCode.code };
    const reason = `The click and the code ${byCode.code} point to the same advocate.`;
    return { program: await programOf(chosen.programId), chosen, source: 'click_and_code', reason };
  }
  const chosen = (byClick ?? byCode)!;
  const reason = byClick
    ? `The customer arrived through the advocate's referral link (${chosen.click!.id}).`
    : `The customer used the advocate's code ${chosen.code}.`;
  return { program: await programOf(chosen.programId), chosen, source: byClick ? 'click' : 'code', reason };
}
