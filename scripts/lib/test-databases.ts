import { cell } from './doc-sections.ts';

/**
 * Which Redis database each test suite uses, read from the code (the document's table once hid a
 * collision): the shared database and the range VOUCH_TEST_DB may pick (test/support/test-db.ts),
 * and the suites that pin one (`workerSuite({ db: N })`, `startBridge({ db: N })`) or run a private
 * redis-server (`private: true`). A pinned database that another suite pins too, or that
 * VOUCH_TEST_DB may pick, is a collision: two runs empty each other's data mid-test.
 */
export interface TestDatabases {
  /** The shared database when VOUCH_TEST_DB is unset. */
  shared: number;
  /** VOUCH_TEST_DB's allowed range, inclusive. */
  range: [number, number];
  pinned: { db: number; file: string }[];
  private: string[];
}

const SUITE = /\b(?:workerSuite|startBridge)\(\s*\{([^)]*)\}/g;

export function readTestDatabases(testDb: string, files: ReadonlyMap<string, string>): TestDatabases {
  const shared = Number(/return (\d+);/.exec(testDb)?.[1] ?? Number.NaN);
  const range = /db < (\d+) \|\| db > (\d+)/.exec(testDb);
  const out: TestDatabases = { shared, range: [Number(range?.[1]), Number(range?.[2])], pinned: [], private: [] };
  for (const [file, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [, options] of text.matchAll(SUITE)) {
      const db = /\bdb:\s*(\d+)/.exec(options!)?.[1];
      if (db !== undefined) out.pinned.push({ db: Number(db), file });
      if (/\bprivate:\s*true/.test(options!)) out.private.push(file);
    }
  }
  out.pinned.sort((a, b) => a.db - b.db || a.file.localeCompare(b.file));
  return out;
}

export function collisions(dbs: TestDatabases): string[] {
  const byDb = new Map<number, string[]>();
  for (const { db, file } of dbs.pinned) byDb.set(db, [...(byDb.get(db) ?? []), file]);
  const [low, high] = dbs.range;
  const out: string[] = [];
  for (const [db, files] of byDb) {
    const who = files.map((f) => `\`${f}\``).join(' and ');
    if (files.length > 1) out.push(`database ${db}: pinned by ${who}`);
    if (db >= low && db <= high)
      out.push(`database ${db}: pinned by ${who}, and a run with VOUCH_TEST_DB=${db} empties it`);
    if (db === dbs.shared) out.push(`database ${db}: pinned by ${who}, and the shared database`);
  }
  return out;
}

export function renderTestDatabases(dbs: TestDatabases): string {
  const [low, high] = dbs.range;
  const rows = [
    '| database | who |',
    '|---|---|',
    `| ${dbs.shared} | every suite without one of its own (\`test/support/test-db.ts\`; emptied as a run starts) |`,
    `| ${low}-${high} | \`VOUCH_TEST_DB\`: a concurrent run's own shared database, instead of ${dbs.shared} |`,
    ...dbs.pinned.map((p) => `| ${p.db} | ${cell(`\`${p.file}\``)} (its own, emptied first) |`),
    ...dbs.private.map((file) => `| private | \`${file}\` (a redis-server of its own) |`),
    "| 0 | the developer's (`npm start`), never a test's |",
  ];
  const clash = collisions(dbs);
  const note = clash.length
    ? ['', "Collisions (two runs empty each other's data mid-test):", ...clash.map((c) => `- ${c}`)]
    : ['', "No collisions: every pinned database is its suite's alone and outside VOUCH_TEST_DB's range."];
  return [...rows, ...note, ''].join('\n');
}
