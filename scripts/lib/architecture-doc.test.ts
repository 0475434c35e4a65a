import { describe, expect, it } from 'vitest';
import { lineDiff, replaceSection, sectionOf, tableRows, tableShapeProblems } from './doc-sections.ts';
import { readKeyRegistry, renderKeyRegistry, unfilledKeys } from './key-registry.ts';
import { checkModuleMap } from './module-map.ts';
import { collisions, readTestDatabases, renderTestDatabases } from './test-databases.ts';

const KEYS = `
import type { Tenant } from '../tenant.ts';
const V = 'v1';
type Scope = 'program' | 'advocate';
/** How long buckets live. */
export const TTL_SECONDS = { day: 400 * 86400, hour: 8 * 86400 } as const;
const scope = (t: Tenant) => \`\${V}:\${t.mode}:\${t.merchantId}\`;
export const redisKeys = {
  /** STRING JSON Program. */
  program: (t: Tenant, id: string) => \`\${scope(t)}:program:\${id}\`,
  /** HASH counters of one UTC day, 400 days. */
  stats: (t: Tenant, day: string, s: Scope, status: 'all' | \`revenue:\${string}\`) =>
    \`\${scope(t)}:stats:\${day}:\${s}:\${status}\`,
  /**
   * STRING '1' for an hour: the visitor
   * already clicked.
   */
  seen: (code: string) => \`\${V}:seen:\${code}\`,
  /** STRING counter. @ttl 120 s (the window and a minute) */
  limit: (bucket: string) => \`\${V}:ratelimit:\${bucket}\`,
};
export function notAKey() {}
`;

describe('key registry from redis-keys.ts', () => {
  const registry = readKeyRegistry(KEYS);

  it('reads each key function: pattern with constants, helpers and literal unions; type; TTL', () => {
    expect(registry.keys).toEqual([
      { name: 'program', pattern: 'v1:{t}:program:{id}', type: 'string', contents: 'JSON Program.', ttl: '—' },
      {
        name: 'stats',
        pattern: 'v1:{t}:stats:{day}:{program|advocate}:{all|revenue:{string}}',
        type: 'hash',
        contents: 'counters of one UTC day, 400 days.',
        ttl: '400 days',
      },
      {
        name: 'seen',
        pattern: 'v1:seen:{code}',
        type: 'string',
        contents: "'1' for an hour: the visitor already clicked.",
        ttl: "'1' for an hour",
      },
      {
        name: 'limit',
        pattern: 'v1:ratelimit:{bucket}',
        type: 'string',
        contents: 'counter.',
        ttl: '120 s (the window and a minute)',
      },
    ]);
    expect(registry.constants).toEqual([
      { name: 'TTL_SECONDS', value: 'day: 34560000, hour: 691200', doc: 'How long buckets live.' },
    ]);
  });

  it('keeps the hand-written columns by key name; a new key gets ? and is reported', () => {
    const previous = '| key | p |\n|---|---|\n| `program` | x | x | x | x | create (MULTI) | reads \\| lists |\n';
    const section = renderKeyRegistry(registry, previous);
    const rows = tableRows(section);
    expect(rows[0]).toEqual([
      '`program`',
      '`v1:{t}:program:{id}`',
      'string',
      'JSON Program.',
      '—',
      'create (MULTI)',
      'reads | lists',
    ]);
    expect(rows[1]![1]).toBe('`v1:{t}:stats:{day}:{program|advocate}:{all|revenue:{string}}`');
    expect(section).toContain('{program\\|advocate}');
    expect(section).toContain('- `TTL_SECONDS` = day: 34560000, hour: 691200: How long buckets live.');
    expect(unfilledKeys(section)).toEqual(['stats', 'seen', 'limit']);
    expect(renderKeyRegistry(registry, section)).toBe(section);
  });
});

describe('generated sections', () => {
  const doc = 'intro\n<!-- keys:start -->\nold\n<!-- keys:end -->\nafter\n';

  it('replaces the text between the markers, and only that', () => {
    expect(sectionOf(doc, 'keys')).toBe('old\n');
    const next = replaceSection(doc, 'keys', 'new\n');
    expect(next).toBe('intro\n<!-- keys:start -->\nnew\n<!-- keys:end -->\nafter\n');
    expect(sectionOf(doc, 'other')).toBeNull();
    expect(() => replaceSection(doc, 'other', 'x')).toThrow(/no <!-- other:start -->/);
  });

  it('finds table rows a bare pipe splits', () => {
    const tables = '| a | b |\n|---|---|\n| `x\\|y` | z |\n| `x|y` | z |\n\ntext | with pipe\n';
    expect(tableShapeProblems(tables)).toEqual(['line 4: 3 cells, its table has 2 (escape | as \\|)']);
  });

  it('diffs by lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual(['- b', '+ d']);
  });
});

describe('module map', () => {
  const files = [
    'worker/index.ts',
    'worker/redirect/qr.ts',
    'worker/redirect/qr.test.ts',
    'worker/redirect/new-file.ts',
    'worker/storage/lua/a.lua',
    'worker/storage/lua/b.lua',
    'worker/storage/redis-keys.ts',
    'shared/ids.ts',
    'package.json',
  ];
  const doc = [
    '# Doc',
    '## Modules',
    '| path | what |',
    '|---|---|',
    '| `worker/index.ts` | entry; `package.json` |',
    '| `worker/redirect/` | `qr.ts`, `gone.ts`, `handleRedirect`, `shared/ids.ts` |',
    '| `worker/storage/` | `redis-keys.ts`, `lua/*.lua`, `lua/*.sql`, `GET /v1/x` |',
    '## Other',
    'See `worker/old.ts`, `storage/redis-keys.ts`, `nowhere.ts`, `text/plain`, `dist/public/x.js`, `/r/{code}`.',
    '',
  ].join('\n');

  it('lists files under worker/ no row names (tests aside), and named paths that do not exist', () => {
    expect(checkModuleMap(doc, files)).toEqual({
      unnamed: ['worker/redirect/new-file.ts'],
      missing: [
        'module map: `gone.ts` (in worker/redirect/)',
        'module map: `lua/*.sql` (in worker/storage/)',
        '`worker/old.ts`',
        '`nowhere.ts`',
      ],
    });
  });
});

describe('test databases', () => {
  const testDb = "if (raw === undefined) return 9;\nif (db < 1 || db > 8) throw new Error('no');";
  const suites = new Map([
    ['test/a.test.ts', 'const suite = workerSuite({ db: 13 });'],
    ['test/b.test.ts', 'const suite = workerSuite({ db: 5, worker: { assets: true } });'],
    ['test/c.test.ts', 'const suite = workerSuite({ private: true });\nconst b = await startBridge();'],
    ['test/d.test.ts', 'bridge = await startBridge({ db: 13 });'],
  ]);
  const dbs = readTestDatabases(testDb, suites);

  it('reads the shared database, the VOUCH_TEST_DB range and each pinned or private suite', () => {
    expect(dbs).toEqual({
      shared: 9,
      range: [1, 8],
      pinned: [
        { db: 5, file: 'test/b.test.ts' },
        { db: 13, file: 'test/a.test.ts' },
        { db: 13, file: 'test/d.test.ts' },
      ],
      private: ['test/c.test.ts'],
    });
  });

  it('names collisions: two suites on one database, a pinned one VOUCH_TEST_DB may pick', () => {
    expect(collisions(dbs)).toEqual([
      'database 5: pinned by `test/b.test.ts`, and a run with VOUCH_TEST_DB=5 empties it',
      'database 13: pinned by `test/a.test.ts` and `test/d.test.ts`',
    ]);
    expect(renderTestDatabases(dbs)).toContain('| 1-8 | `VOUCH_TEST_DB`');
    expect(renderTestDatabases({ ...dbs, pinned: [] })).toContain('No collisions');
  });
});
