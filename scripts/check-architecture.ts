/**
 * `npm run lint:architecture`: docs/ARCHITECTURE.md against the code, so it cannot drift again.
 * - The key registry (between `<!-- key-registry:start/end -->`) is generated from
 *   worker/storage/redis-keys.ts; `written by` and `read by`, which the code cannot say, are kept
 *   from the document and must be filled in for every key.
 * - The test databases (between `<!-- test-databases:start/end -->`) are generated from
 *   test/support/test-db.ts and the suites that pin a database; collisions are printed.
 * - The module map names every file under worker/ (tests aside), every path the document names
 *   exists, and every table row has its header's cell count (GitHub splits cells at a bare `|`).
 * Fails with a diff when a generated section is stale; `-- --write` regenerates them (the module
 * map stays hand-written: the check lists what to add or fix). `-- --head` checks the document
 * against the last commit's tree instead of the working tree (while others' changes are uncommitted).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lineDiff, replaceSection, sectionOf, tableShapeProblems } from './lib/doc-sections.ts';
import { readKeyRegistry, renderKeyRegistry, unfilledKeys } from './lib/key-registry.ts';
import { checkModuleMap } from './lib/module-map.ts';
import { collisions, readTestDatabases, renderTestDatabases } from './lib/test-databases.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = 'docs/ARCHITECTURE.md';
const HEAD = process.argv.includes('--head');
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, maxBuffer: 1 << 26 }).toString();
const read = (path: string) => (HEAD ? git('show', `HEAD:${path}`) : readFileSync(resolve(ROOT, path), 'utf8'));

/** The committed files (`--head`), else the tracked and new (not ignored) files of the working tree. */
function treeFiles(): string[] {
  if (HEAD) return git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean).sort();
  const out = git('ls-files', '--cached', '--others', '--exclude-standard');
  return [...new Set(out.split('\n'))].filter((p) => p && existsSync(resolve(ROOT, p))).sort();
}

const files = treeFiles();
// The document as it is now (being edited), the code as committed with --head.
const doc = readFileSync(resolve(ROOT, DOC), 'utf8');
const testFiles = new Map(files.filter((f) => /^test\/.*\.ts$/.test(f)).map((f) => [f, read(f)]));
const dbs = readTestDatabases(read('test/support/test-db.ts'), testFiles);
const registry = readKeyRegistry(read('worker/storage/redis-keys.ts'));
const generated = {
  'key-registry': renderKeyRegistry(registry, sectionOf(doc, 'key-registry')),
  'test-databases': renderTestDatabases(dbs),
};

let next = doc;
for (const [name, body] of Object.entries(generated)) next = replaceSection(next, name, body);
const write = process.argv.includes('--write');
let failed = false;
if (next !== doc && write) {
  writeFileSync(resolve(ROOT, DOC), next);
  console.log(`${DOC}: generated sections rewritten.`);
} else if (next !== doc) {
  failed = true;
  for (const name of Object.keys(generated)) {
    const [before, after] = [sectionOf(doc, name) ?? '', sectionOf(next, name) ?? ''];
    if (before === after) continue;
    console.log(`${DOC}: the ${name} section is stale (npm run lint:architecture -- --write):`);
    for (const line of lineDiff(before, after)) console.log(`  ${line}`);
  }
}

const unfilled = unfilledKeys(sectionOf(next, 'key-registry') ?? '');
for (const key of unfilled) console.log(`key registry: \`${key}\` needs its "written by" and "read by" (a ? now)`);
const map = checkModuleMap(next, files);
for (const path of map.unnamed) console.log(`module map: ${path} is not named (add it to its folder's row)`);
for (const span of map.missing) console.log(`names a path that does not exist: ${span}`);
const shapes = tableShapeProblems(next);
for (const problem of shapes) console.log(`${DOC} table: ${problem}`);
for (const clash of collisions(dbs)) console.log(`test databases: collision: ${clash}`);
console.log(
  `${registry.keys.length} keys, ${files.filter((f) => f.startsWith('worker/')).length} files under worker/; ` +
    `${unfilled.length} keys unfilled, ${map.unnamed.length} files unnamed, ${map.missing.length} paths missing`,
);
if (failed || unfilled.length || map.unnamed.length || map.missing.length || shapes.length) process.exit(1);
console.log(`${DOC} matches the code.`);
