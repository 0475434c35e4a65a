import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareAllowed, formatAllowList } from './import-allow-list.ts';
import { readSources, type SourceFile } from './import-graph.ts';
import {
  folderCycles,
  internalsOutsideStorage,
  layerViolations,
  redisOutsideStorage,
  ruleViolations,
  SCANNED,
} from './import-rules.ts';

// A small tree with one case of each kind; written to a temporary folder, read like the real one.
const FIXTURE: Record<string, string> = {
  'package.json': '{}',
  'shared/money.ts': "import * as z from 'zod';\nimport pkg from '../package.json';\nexport const m = 1;",
  'shared/leak.ts': "import type { Tenant } from '../worker/storage/keys.ts';\nexport type T = Tenant;",
  'widget/ui.tsx': "import { h } from 'preact';\nimport { m } from '../shared/money.ts';\nimport { f } from './f.js';",
  'widget/f.ts': 'export const f = 1;',
  'widget/peek.ts': "import { secret } from '../worker/storage/client.ts';",
  'extension/bg.ts': "import { storage } from '#imports';\nconst w = await import('../widget/f.ts');",
  'console/main.tsx': "export * from '../shared/money.ts';\nimport './style.css';",
  'worker/console/app/old.ts': "import { x } from '../../storage/client.ts';",
  'worker/a/one.ts': "import { two } from '../b/two.ts';\nexport const one = 1;",
  'worker/b/two.ts': "import type { one } from '../a/one.ts';\nexport const two = 2;",
  'worker/c/three.ts': "import { one } from '../a/one.ts';\n// the counter: redis.call('INCR', KEYS[1])",
  'worker/a/one.test.ts': "import { three } from '../c/three.ts';",
  'worker/app.ts': "import { x } from './routes/r.ts';",
  'worker/routes/r.ts': "import type { Redis } from '../storage/client.ts';\nimport { y } from '../app.ts';",
  'worker/storage/client.ts': "import { Redis } from '@upstash/redis/cloudflare';",
  'worker/storage/keys.ts': "import script from './lua/count.lua?raw';\nimport { Redis } from '@upstash/redis';",
  'worker/storage/lua/count.lua': "return redis.call('INCR', KEYS[1])",
  'scripts/tool.ts': "import { one } from '../worker/a/one.ts';\nimport { r } from '../widget/peek.ts';",
  // The layers: storage imports no feature; lib and errors no storage; features no routes, middleware types only.
  'worker/storage/uses-feature.ts': "import { leaf } from '../d/leaf.ts';\nimport { k } from './keys.ts';",
  'worker/d/leaf.ts': 'export const leaf = 1;',
  'worker/lib/util.ts': "import type { K } from '../storage/keys.ts';\nimport { e } from '../errors/e.ts';",
  'worker/errors/e.ts': "import { Tenant } from '../tenant.ts';\nexport const e = 1;",
  'worker/tenant.ts': 'export type Tenant = {};',
  'worker/a/handler.ts': "import type { Mw } from '../middleware/m.ts';\nimport { r } from '../routes/r.ts';",
  'worker/a/runtime-mw.ts': "import { mw } from '../middleware/m.ts';",
  'worker/a/handler.test.ts': "import { r } from '../routes/r.ts';",
  'worker/middleware/m.ts': 'export const mw = 1;',
  // Storage internals stay inside storage: features call stores.
  'worker/storage/redis-keys.ts': 'export const redisKeys = {};',
  'worker/e/keys-user.ts':
    "import { redisKeys } from '../storage/redis-keys.ts';\nimport type { S } from '../storage/s.ts';",
  'worker/e/keys-user.test.ts': "import { redisKeys } from '../storage/redis-keys.ts';",
  'worker/storage/s.ts': "import { redisKeys } from './redis-keys.ts';\nexport type S = 1;",
};

let root: string;
let files: SourceFile[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'import-rules-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  files = readSources(root, SCANNED);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('import graph', () => {
  it('reads every import form and resolves .js to .ts and ?raw to the file', () => {
    const of = (path: string) => files.find((f) => f.path === path)!;
    expect(of('widget/ui.tsx').files).toEqual(['shared/money.ts', 'widget/f.ts']);
    expect(of('widget/ui.tsx').packages).toEqual(['preact']);
    expect(of('extension/bg.ts')).toMatchObject({ files: ['widget/f.ts'], packages: ['#imports'] });
    expect(of('console/main.tsx').files).toEqual(['shared/money.ts', 'console/style.css']);
    const keys = of('worker/storage/keys.ts');
    expect(keys).toMatchObject({ files: ['worker/storage/lua/count.lua'], packages: ['@upstash/redis'] });
    expect(files.some((f) => f.path.endsWith('.lua') || f.path.endsWith('.json'))).toBe(false);
  });
});

describe('import rules', () => {
  it('browser folders import only shared/ and themselves; shared/ no app folder; scripts/ anything', () => {
    const broken = ruleViolations(files)
      .filter((v) => !v.from.startsWith('worker/') || v.from.startsWith('worker/console/app/'))
      .map((v) => `${v.from} -> ${v.to}`);
    expect(broken).toEqual([
      'extension/bg.ts -> widget/f.ts',
      'shared/leak.ts -> worker/storage/keys.ts',
      'widget/peek.ts -> worker/storage/client.ts',
      'worker/console/app/old.ts -> worker/storage/client.ts',
    ]);
  });

  it('holds the layer direction in worker/: tests, root files and middleware types in features aside', () => {
    const broken = layerViolations(files).map((v) => `${v.from} -> ${v.to}`);
    expect(broken).toEqual([
      'worker/a/handler.ts -> worker/routes/r.ts',
      'worker/a/runtime-mw.ts -> worker/middleware/m.ts',
      'worker/lib/util.ts -> worker/storage/keys.ts',
      'worker/storage/uses-feature.ts -> worker/d/leaf.ts',
    ]);
    expect(layerViolations(files).map((v) => v.rule)).toEqual([
      'a feature folder imports no routes, middleware (types of middleware allowed)',
      'a feature folder imports no routes, middleware (types of middleware allowed)',
      'lib/ imports no feature, storage, routes, middleware',
      'storage/ imports no feature, routes, middleware',
    ]);
    expect(ruleViolations(files)).toEqual(expect.arrayContaining(layerViolations(files)));
  });

  it('keeps the storage internals (keys, Lua, changeset, client) inside worker/storage/, tests aside', () => {
    const broken = internalsOutsideStorage(files).map((v) => `${v.from} -> ${v.to}`);
    expect(broken).toEqual([
      'worker/e/keys-user.ts -> worker/storage/redis-keys.ts',
      'worker/routes/r.ts -> worker/storage/client.ts',
    ]);
    expect(ruleViolations(files)).toEqual(expect.arrayContaining(internalsOutsideStorage(files)));
  });

  it('finds folder cycles in worker/, type-only imports included, tests and root files apart', () => {
    expect(folderCycles(files)).toEqual([
      ['a', 'b'],
      ['app.ts', 'routes'],
    ]);
  });

  it('lists worker files outside storage that import the Redis client or call redis.call', () => {
    expect(redisOutsideStorage(files, 'worker/storage/')).toEqual(['worker/c/three.ts', 'worker/routes/r.ts']);
  });
});

describe('allow-list', () => {
  const allowed = {
    folder_cycles: [
      ['a', 'b', 'c'],
      ['x', 'y'],
    ],
    redis_outside_storage: ['worker/c/three.ts', 'worker/routes/old.ts'],
  };

  it('passes when nothing changed', () => {
    const same = compareAllowed(allowed, allowed);
    expect([same.regressions, same.fixed]).toEqual([[], []]);
  });

  it('fails on a new cycle, a grown cycle and a new file; shrunk and fixed entries must leave the list', () => {
    const now = {
      folder_cycles: [
        ['a', 'b'],
        ['x', 'y', 'z'],
      ],
      redis_outside_storage: ['worker/c/three.ts', 'worker/d/new.ts'],
    };
    const diff = compareAllowed(allowed, now);
    expect(diff.regressions).toEqual(['folder cycle x <-> y <-> z', 'worker/d/new.ts uses the Redis client']);
    expect(diff.fixed).toEqual([
      'folder cycle a <-> b <-> c',
      'folder cycle x <-> y',
      'worker/routes/old.ts uses the Redis client',
    ]);
  });

  it('--update keeps only what is still there, never adding', () => {
    const now = { folder_cycles: [['a', 'b']], redis_outside_storage: ['worker/c/three.ts', 'worker/d/new.ts'] };
    const shrunk = { folder_cycles: [['a', 'b']], redis_outside_storage: ['worker/c/three.ts'] };
    expect(compareAllowed(allowed, now).shrunk).toEqual(shrunk);
  });

  it('writes JSON that reads back the same', () => {
    const list = { $comment: 'why', storage: 'worker/storage/', ...allowed };
    expect(JSON.parse(formatAllowList(list))).toEqual(list);
    expect(formatAllowList({ ...list, folder_cycles: [] })).toContain('"folder_cycles": [],');
  });
});
