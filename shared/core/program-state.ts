import type { Program } from '../schemas/program.ts';

/** Where a program stands at a given time, from its status and dates (one rule for every path). */
export type ProgramState = 'running' | 'ended' | 'paused' | 'draft' | 'not_started';

export function programState(p: Pick<Program, 'status' | 'starts_at' | 'ends_at'>, now: number): ProgramState {
  if (p.status === 'ended' || (p.ends_at && Date.parse(p.ends_at) <= now)) return 'ended';
  if (p.status === 'paused') return 'paused';
  if (p.status === 'draft') return 'draft';
  if (p.starts_at && Date.parse(p.starts_at) > now) return 'not_started';
  return 'running';
}
