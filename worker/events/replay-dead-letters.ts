import { EventMessage } from '../storage/raw-event.ts';
import { rawEventStore } from '../storage/raw-events.ts';

/** Dead letters sent back per scheduled run (one R2 get, one queue send and one delete each). */
const PER_RUN = 200;

export interface ReplaySummary {
  replayed: number;
  /** Kept for a person: not an EventMessage, or unreadable (never sent back, or they would loop). */
  kept: number;
}

/**
 * Sends the dead letters back to `vouch-events`, then deletes them: counting is once per event id, so
 * a letter replayed twice (a delete that failed after its send) counts nothing twice. Every scheduled run.
 */
export async function replayDeadLetters(env: Env): Promise<ReplaySummary> {
  const store = rawEventStore(env);
  const summary: ReplaySummary = { replayed: 0, kept: 0 };
  for (const key of await store.listDeadLetters(PER_RUN)) {
    const letter = await store.readDeadLetter(key);
    const body = letter?.reason === 'failed' ? EventMessage.safeParse(letter.body) : null;
    if (!body?.success) {
      summary.kept++;
      continue;
    }
    await env.EVENTS.send(body.data);
    await store.deleteDeadLetter(key);
    summary.replayed++;
  }
  return summary;
}
