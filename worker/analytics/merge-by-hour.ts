const HOUR_MS = 3_600_000;

/** A row of one of the merged sources: its id (what repeats) and its time. */
export interface Timed {
  id: string;
  ms: number;
}

interface Run<T> {
  hour: number;
  rows: T[];
}

/** A source's pages cut into runs of rows of one UTC hour, in the order the source gave them. */
async function* runsOf<T extends Timed>(pages: AsyncIterable<T[]>): AsyncGenerator<Run<T>> {
  for await (const page of pages) {
    let run: Run<T> | null = null;
    for (const row of page) {
      const hour = Math.floor(row.ms / HOUR_MS);
      if (run && run.hour !== hour) {
        yield run;
        run = null;
      }
      run ??= { hour, rows: [] };
      run.rows.push(row);
    }
    if (run) yield run;
  }
}

const byTime = (a: Timed, b: Timed) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Two sources of the same rows (each oldest first, give or take a row appended a little late) as
 * one, oldest first, each id once: the earliest hour at the head of either goes out next, both
 * heads together when they name the same hour. A row repeated across the sources has one time, so
 * ids need remembering for the current hour only: memory holds a page of each source and an
 * hour's ids. A late row of an hour already sent goes out when it comes, as the source gave it.
 */
export async function* mergeByHour<T extends Timed>(a: AsyncIterable<T[]>, b: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  const sources = [runsOf(a), runsOf(b)];
  const heads = await Promise.all(sources.map((s) => s.next()));
  let seen = new Set<string>();
  let seenHour = Number.NEGATIVE_INFINITY;
  for (;;) {
    const live = heads.flatMap((h, i) => (h.done ? [] : [{ i, run: h.value }]));
    if (live.length === 0) return;
    const hour = Math.min(...live.map((l) => l.run.hour));
    if (hour > seenHour) {
      seen = new Set();
      seenHour = hour;
    }
    const taken = live.filter(({ run }) => run.hour === hour);
    const rows = taken.flatMap(({ run }) => run.rows.filter((row) => !seen.has(row.id) && seen.add(row.id)));
    // Sent before the next read: a source failing later still leaves what was read in the download.
    if (rows.length > 0) yield rows.sort(byTime);
    for (const { i } of taken) heads[i] = await sources[i]!.next();
  }
}
