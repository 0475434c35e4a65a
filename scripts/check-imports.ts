/**
 * `npm run lint:imports`: the import rules of the tree (scripts/lib/import-rules.ts): browser code
 * imports only shared/, and worker/'s layers import in one direction (docs/ARCHITECTURE.md,
 * "Layers": storage no feature, route or middleware; lib/ and errors/ none of those nor storage;
 * features no route, middleware by type only). Fails on a broken rule, and when the figures issue
 * 14 shrinks (worker/ folder cycles, files using the Redis client outside the storage layer)
 * differ from scripts/import-rules.json: a new entry is a regression; an entry fixed but still
 * listed must leave the list (`-- --update` removes those, and only those: it never adds one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AllowList, compareAllowed, formatAllowList } from './lib/import-allow-list.ts';
import { readSources } from './lib/import-graph.ts';
import { folderCycles, redisOutsideStorage, ruleViolations, SCANNED } from './lib/import-rules.ts';

const ROOT = resolve(import.meta.dirname, '..');
const LIST = resolve(ROOT, 'scripts/import-rules.json');

const allowed = JSON.parse(readFileSync(LIST, 'utf8')) as AllowList;
const files = readSources(ROOT, SCANNED);
const violations = ruleViolations(files);
const cycles = folderCycles(files);
const redis = redisOutsideStorage(files, allowed.storage);

console.log(`${files.length} files read; rules: ${violations.length} broken`);
for (const v of violations) console.log(`  ${v.from} -> ${v.to}: ${v.rule}`);
console.log(`folder-level import cycles in worker/: ${cycles.length}`);
for (const cycle of cycles) console.log(`  ${cycle.join(' <-> ')}`);
const folders = new Map<string, number>();
for (const path of redis) folders.set(path.split('/')[1]!, (folders.get(path.split('/')[1]!) ?? 0) + 1);
const byFolder = [...folders].map(([folder, n]) => `${folder} ${n}`).join(', ');
console.log(`files outside ${allowed.storage} using the Redis client: ${redis.length}`);
console.log(`  in ${folders.size} folders: ${byFolder}`);

const diff = compareAllowed(allowed, { folder_cycles: cycles, redis_outside_storage: redis });
for (const line of diff.regressions) console.log(`NEW: ${line}`);
for (const line of diff.fixed) console.log(`FIXED, still listed: ${line}`);
const update = process.argv.includes('--update');
if (update && diff.regressions.length === 0 && diff.fixed.length > 0) {
  writeFileSync(LIST, formatAllowList({ ...allowed, ...diff.shrunk }));
  console.log('scripts/import-rules.json: fixed entries removed.');
} else if (diff.fixed.length > 0) {
  console.log('Remove them from scripts/import-rules.json: npm run lint:imports -- --update');
}
if (diff.regressions.length > 0) {
  console.log('Fix them, or list them in scripts/import-rules.json (a moved file: under its new path).');
}
if (violations.length > 0 || diff.regressions.length > 0 || (diff.fixed.length > 0 && !update)) process.exit(1);
console.log('Import rules hold.');
