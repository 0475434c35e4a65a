/**
 * The far end of the Worker's queue binding when it runs in raw workerd (bench:redirect, bench:redeem): an
 * HTTP endpoint in this Node process speaking workerd's queue producer protocol (`POST /message`, one
 * message; `POST /batch`, several; answered as Miniflare's broker answers them). In production that end is
 * Cloudflare's queue service, not the Worker, so its CPU belongs outside the measured workerd process. It
 * counts what it receives (messages, bytes, events) and delivers it nowhere: consuming is measured by the
 * cost phase on Miniflare's real local Queues (click-costs.ts). R2 calls get 501 and are counted: the
 * request path must make none.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deserialize } from 'node:v8';

export interface QueueSinkStats {
  messages: number;
  /** Message bodies as sent (V8-serialized, the producer's default format). */
  bytes: number;
  /** Raw events in those messages (EventMessage.events). */
  events: number;
  /** Requests to the R2 bucket binding. */
  r2Calls: number;
}

export interface QueueSink {
  url: string;
  stats(): QueueSinkStats;
  reset(): void;
  close(): Promise<void>;
}

const ANSWER = JSON.stringify({
  metadata: { metrics: { backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: 0 } },
});

function eventsIn(body: Buffer, format: string | undefined): number {
  try {
    const value =
      format === 'json' ? JSON.parse(body.toString()) : format === 'v8' || !format ? deserialize(body) : null;
    return Array.isArray(value?.events) ? value.events.length : 0;
  } catch {
    return 0;
  }
}

export async function startQueueSink(): Promise<QueueSink> {
  const counts: QueueSinkStats = { messages: 0, bytes: 0, events: 0, r2Calls: 0 };
  const take = (body: Buffer, format: string | undefined) => {
    counts.messages++;
    counts.bytes += body.length;
    counts.events += eventsIn(body, format);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://sink').pathname;
      if (req.method === 'POST' && path === '/message') {
        take(body, req.headers['x-msg-fmt'] as string | undefined);
      } else if (req.method === 'POST' && path === '/batch') {
        const batch = JSON.parse(body.toString()) as { messages: { body: string; contentType?: string }[] };
        for (const m of batch.messages) take(Buffer.from(m.body, 'base64'), m.contentType);
      } else {
        counts.r2Calls++;
        res.writeHead(501).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(ANSWER);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ ...counts }),
    reset: () => Object.assign(counts, { messages: 0, bytes: 0, events: 0, r2Calls: 0 }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
