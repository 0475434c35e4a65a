import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadExports } from './dead-exports.ts';
import { readSources } from './import-graph.ts';

// One case of each rule, written to a temporary folder and read like the real tree.
const FIXTURE: Record<string, string> = {
  'worker/a.ts': [
    'export const used = 1;',
    'export const unused = 2;',
    'export const forTest = 3;',
    'export function internal() { return 4; }',
    'export const internalTwice = internal();',
    'export type Sig = { n: number };',
    'export type Loose = string;',
    'export function take(s: Sig) { return s; }',
  ].join('\n'),
  'worker/b.ts': "import { used, take, internalTwice } from './a.ts';\nexport default used;",
  'worker/a.test.ts': "import { forTest, internal } from './a.ts';",
  'shared/leaf.ts': 'export const viaStar = 1;\nexport const notViaStar = 2;',
  'shared/barrel.ts': "export * from './leaf.ts';\nexport { used as again } from '../worker/a.ts';",
  'worker/c.ts': "import { viaStar } from '../shared/barrel.ts';\nimport b from './b.ts';",
  'worker/index.ts': 'export default { fetch() {} };\nexport const alsoHere = 1;',
  'worker/lazy.ts': 'export const lazy = 1;',
  'worker/d.ts': "const m = await import('./lazy.ts');\nlet t: import('./t.ts').Used;",
  'worker/t.ts': 'export type Used = {};\nexport interface Unused {}',
  'worker/pub.ts': '/** Kept for callers outside the tree. @public */\nexport const api = 1;',
  'worker/testing/fake.ts': 'export const fake = 1;',
  'worker/fake.test.ts': "import { fake } from './testing/fake.ts';",
  'worker/storage/x.ts': 'export const xStore = 1;\nexport type XStore = typeof xStore;',
  'worker/uses-x.ts': "import { xStore } from './storage/x.ts';",
};

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dead-exports-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dead exports', () => {
  it('lists exports no other file uses; tests count only for what their module uses or test helpers', () => {
    const dead = deadExports(root, readSources(root, ['worker', 'shared']), ['worker/', 'shared/']);
    expect(dead.map((d) => `${d.file}: ${d.name} ${d.kind} ${d.why}${d.usedInModule ? ' (module)' : ''}`)).toEqual([
      'shared/barrel.ts: again value unused',
      'shared/leaf.ts: notViaStar value unused',
      'worker/a.ts: forTest value tests only',
      'worker/a.ts: Loose type unused',
      'worker/a.ts: unused value unused',
      'worker/index.ts: alsoHere value unused',
      'worker/t.ts: Unused type unused',
    ]);
  });
});
