/**
 * `npm run lint:exports`: exports that nothing uses (scripts/lib/dead-exports.ts has the rules: a
 * test counts as a user only of what its module uses itself; `@public` marks intended API). Lists
 * them by file; `-- --check` fails when there is one; `-- --root DIR` reads another checkout.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deadExports } from './lib/dead-exports.ts';
import { readSource, readSources } from './lib/import-graph.ts';
import { SCANNED } from './lib/import-rules.ts';

const at = process.argv.indexOf('--root');
const ROOT = at > 0 ? resolve(process.argv[at + 1]!) : resolve(import.meta.dirname, '..');
/** Where exports are checked; everything SCANNED (and root configs) counts as a user. */
const CHECKED = ['worker/', 'shared/', 'widget/', 'extension/', 'console/', 'scripts/lib/'];

const configs = ['vitest.config.ts', 'wxt.config.ts']
  .filter((path) => existsSync(resolve(ROOT, path)))
  .map((path) => readSource(ROOT, path));
const files = [...readSources(ROOT, SCANNED), ...configs];
const dead = deadExports(ROOT, files, CHECKED);
for (const d of dead) {
  const note = d.usedInModule ? ' (its module uses it: drop `export`)' : '';
  console.log(`${d.file}: ${d.name} (${d.kind}, ${d.why})${note}`);
}
console.log(`${dead.length} dead exports in ${new Set(dead.map((d) => d.file)).size} files (${CHECKED.join(', ')})`);
if (dead.length > 0 && process.argv.includes('--check')) process.exit(1);
