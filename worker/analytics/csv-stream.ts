import { type Cell, csvRow } from './csv.ts';

/** An export's columns, in order: the header and how each record fills it. */
export type Columns<T> = readonly (readonly [header: string, value: (record: T) => Cell])[];

/** What a failed export logs: the error's kind, never the commands (they quote keys and ids). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  return `${err.name}: ${err.message.split(', command was:')[0]!.slice(0, 120)}`;
}

/** The last line of a download that failed part-way: plainly not data, to a person or a parser. */
export const INCOMPLETE_MARKER = '# vouch: export incomplete (storage error); download it again\r\n';

/**
 * A CSV download that holds one page at a time: the header row goes out at once, then each
 * read of the client pulls the next page from Redis (so a slow client slows the reads, and
 * nothing piles up in memory). A failure part-way is logged, then the stream is errored, so the
 * download ends (never hangs) as a failure. workerd currently ends an errored body like a
 * complete one (cloudflare/workerd#6818), so the marker line goes out first: the truncation shows
 * in the file itself too. It is enqueued and the error raised on the next pull, because erroring
 * a stream discards what is still queued.
 */
export function csvStream<T>(name: string, columns: Columns<T>, pages: AsyncIterator<T[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let failure: Error | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(columns.map(([header]) => header))));
    },
    async pull(controller) {
      if (failure !== null) return controller.error(failure);
      try {
        // A pull that enqueues nothing is not called again: skip pages the filters emptied.
        for (;;) {
          const page = await pages.next();
          if (page.done) return controller.close();
          if (page.value.length === 0) continue;
          controller.enqueue(
            encoder.encode(page.value.map((record) => csvRow(columns.map(([, value]) => value(record)))).join('')),
          );
          return;
        }
      } catch (err) {
        console.error('export failed', name, describe(err));
        // The runtime logs what a stream errors with: not the client's error, which quotes commands.
        failure = new Error(`${name} export incomplete: storage error`);
        controller.enqueue(encoder.encode(INCOMPLETE_MARKER));
      }
    },
    async cancel() {
      await pages.return?.();
    },
  });
}
