/**
 * Budgets that fail CI when broken. Sizes are gzip bytes of what ships: the widget file as
 * served, and the Worker bundled and minified the way wrangler deploys it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { VOUCH_VERSION } from '../../shared/version.ts';
import { bundleWorker } from '../lib/bundle-worker.ts';

interface SizeBudget {
  name: string;
  file?: string;
  entry?: string;
  /** A build manifest whose `first_view` lists the files (URL paths under dist/public) loaded together. */
  manifest?: string;
  max_gzip_bytes: number;
}

const ROOT = resolve(import.meta.dirname, '../..');

async function bytesOf(budget: SizeBudget): Promise<Buffer> {
  if (budget.file) return readFile(resolve(ROOT, budget.file.replace('{VERSION}', VOUCH_VERSION)));
  if (budget.manifest) {
    const { first_view } = JSON.parse(await readFile(resolve(ROOT, budget.manifest), 'utf8')) as {
      first_view: string[];
    };
    return Buffer.concat(await Promise.all(first_view.map((p) => readFile(resolve(ROOT, `dist/public${p}`)))));
  }
  return Buffer.from(await bundleWorker(resolve(ROOT, budget.entry!), { minify: true }));
}

const config = JSON.parse(await readFile(resolve(import.meta.dirname, 'budgets.json'), 'utf8')) as {
  size: SizeBudget[];
};
// (api_costs in the same file are checked by scripts/bench/api-command-costs.ts --check.)
let failed = 0;
console.log('budget                      raw B    gzip B    max gzip B  status');
for (const budget of config.size) {
  let code: Buffer;
  try {
    code = await bytesOf(budget);
  } catch (err) {
    console.log(`${budget.name.padEnd(24)}  missing: ${(err as Error).message.split('\n')[0]} (run npm run build)`);
    failed++;
    continue;
  }
  const gzip = gzipSync(code, { level: 9 }).length;
  const ok = gzip <= budget.max_gzip_bytes;
  if (!ok) failed++;
  const pct = ((gzip / budget.max_gzip_bytes) * 100).toFixed(0);
  console.log(
    `${budget.name.padEnd(24)} ${String(code.length).padStart(8)} ${String(gzip).padStart(9)} ` +
      `${String(budget.max_gzip_bytes).padStart(13)}  ${ok ? 'ok' : 'OVER'} (${pct}%)`,
  );
}
// Catalogs are fetched on demand, one per visitor at most: reported, not budgeted.
const I18N = resolve(ROOT, `dist/public/widget/v${VOUCH_VERSION}/i18n`);
for (const file of (await readdir(I18N).catch(() => [] as string[])).sort()) {
  const code = await readFile(resolve(I18N, file));
  console.log(
    `${`  catalog ${file}`.padEnd(24)} ${String(code.length).padStart(8)} ` +
      `${String(gzipSync(code, { level: 9 }).length).padStart(9)}`,
  );
}
if (failed > 0) {
  console.error(`\n${failed} budget(s) broken.`);
  process.exit(1);
}
console.log('\nAll budgets hold.');
