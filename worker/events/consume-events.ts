import { eventCounters } from '../storage/event-counters.ts';
import { EventMessage, type RawEvent } from '../storage/raw-event.ts';
import { type DeadLetter, rawEventStore } from '../storage/raw-events.ts';
import { countable, rowOf } from './event-rows.ts';
import { retryDelaySeconds } from './retry-delay.ts';

// The message only: the client appends the command (the batch's plan: event ids and visitor hashes).
const why = (err: unknown) =>
  err instanceof Error ? `${err.name}: ${err.message.split(', command was')[0]!.slice(0, 200)}` : String(err);

/** A message's events, or null when it is not an EventMessage this Worker reads (its body is never logged). */
function decode(message: Message<unknown>): RawEvent[] | null {
  const parsed = EventMessage.safeParse(message.body);
  return parsed.success ? parsed.data.events : null;
}

function letter(message: Message<unknown>, reason: DeadLetter['reason']): DeadLetter {
  return { message_id: message.id, attempts: message.attempts, reason, kept_at: Date.now(), body: message.body };
}

/**
 * The consumer of `vouch-events`. Counters first (events-apply.lua: once per event id, and every event's
 * decision, also for events applied by an earlier attempt), then the rows to R2 (objects named by their
 * event ids: a retry overwrites them), then the ack. Any failure retries the whole batch with backoff
 * (retry-delay.ts); after the queue's last retry it goes to the dead letters, which the scheduled job
 * sends back. A message that does not decode is kept as a dead letter at once and acknowledged.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  const store = rawEventStore(env);
  try {
    const events: RawEvent[] = [];
    for (const message of batch.messages) {
      const decoded = decode(message);
      if (decoded) events.push(...decoded);
      else {
        console.error('raw-event message not readable: kept as a dead letter', message.id);
        await store.keepDeadLetter(letter(message, 'undecodable'));
      }
    }
    const counted = events.map(countable).filter((e) => e !== null);
    const decisions = counted.length > 0 ? await eventCounters(env).apply(counted) : new Map();
    await store.write(events.map((ev) => rowOf(ev, decisions)));
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    const delaySeconds = retryDelaySeconds(env, attempts);
    console.error('raw-event batch failed, retried', batch.messages.length, attempts, delaySeconds, why(err));
    batch.retryAll({ delaySeconds });
  }
}

/** The consumer of `vouch-events-dead`: each message kept in R2 (dead-letters/), then acknowledged. */
export async function keepDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const store = rawEventStore(env);
  for (const message of batch.messages) {
    try {
      await store.keepDeadLetter(letter(message, 'failed'));
      message.ack();
    } catch (err) {
      console.error('dead letter not kept, retried', message.id, why(err));
      message.retry({ delaySeconds: retryDelaySeconds(env, message.attempts) });
    }
  }
}
