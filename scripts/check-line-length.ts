/**
 * `tsx scripts/check-line-length.ts [--max 120] [--list] [--check]`: counts source lines longer than
 * the limit, by folder. Biome's formatter wraps code at 120 columns (biome.jsonc) but not strings,
 * template literals or comments, so this counts what the formatter leaves long. Part of `npm run lint`;
 * `--check` fails on any such line (not yet in CI: the count is still above 0), `--list` prints them.
 * Files are the ones git tracks or would add (its ignore rules apply), minus generated files and fixtures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = /\.(?:ts|tsx|mts|js|mjs|cjs|css|lua|sh)$/;
// Written by tools (wrangler types) or copied from elsewhere as test input: not ours to wrap.
const SKIP = [/^test\/fixtures\//, /^test\/e2e\/fixtures\//, /^worker\/worker-configuration\.d\.ts$/];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function sourceFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT });
  const files = out
    .toString('utf8')
    .split('\0')
    .filter((f) => SOURCE.test(f) || f === '.ci/run');
  return [...new Set(files)].filter((f) => !SKIP.some((re) => re.test(f))).sort();
}

/** The folder a file is counted under: its first two path segments (`worker/routes`), or one for top-level files. */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.length === 2 ? parts[0]! : '.';
}

// Piped into `head`: a closed pipe ends the report, not with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

const max = Number(option('--max') ?? 120);
const byFolder = new Map<string, number>();
const long: string[] = [];
for (const file of sourceFiles()) {
  let text: string;
  try {
    text = readFileSync(resolve(ROOT, file), 'utf8');
  } catch {
    continue; // listed by git but deleted in the working tree
  }
  text.split('\n').forEach((line, i) => {
    // Code points, as an editor counts columns (an emoji is one, not two UTF-16 units).
    const length = [...line.replace(/\r$/, '')].length;
    if (length <= max) return;
    byFolder.set(folderOf(file), (byFolder.get(folderOf(file)) ?? 0) + 1);
    long.push(`${file}:${i + 1}: ${length}`);
  });
}

if (process.argv.includes('--list')) for (const entry of long) console.log(entry);
console.log(`Source lines over ${max} characters: ${long.length}`);
for (const [folder, count] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${folder.padEnd(32)} ${String(count).padStart(5)}`);
}
if (process.argv.includes('--check') && long.length > 0) process.exit(1);
