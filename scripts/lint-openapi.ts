/**
 * Lints the OpenAPI document the Worker serves at /v1/openapi.json: generated as `npm run build`
 * generates it (scripts/build-api-docs.ts; generated again here, so CI may lint before it builds),
 * with the server URL a local Worker fills in, into .cache/openapi.json, then checked by Redocly's
 * CLI with its recommended rules. Fails on any error, warning or ignored problem: a generated client
 * (e.g. openapi-typescript) should get every status and named type without surprises.
 *
 *   npm run lint:openapi
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { servedOpenApi } from '../shared/api/openapi-assets.ts';
import { VOUCH_VERSION } from '../shared/version.ts';
import { apiDocuments } from './build-api-docs.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.cache', 'openapi.json');
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');
const run = promisify(execFile);

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}
interface Report {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Problem[];
}

async function lint(file: string): Promise<Report> {
  // No telemetry or update check (CI runs offline); the exit code is read from the report instead.
  const quiet = {
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  };
  const args = ['lint', '--extends=recommended', '--format=json', '--max-problems=1000', file];
  const options = { cwd: ROOT, env: { ...process.env, ...quiet }, maxBuffer: 64 * 1024 * 1024 };
  const result = await run(REDOCLY, args, options).catch((err: { stdout?: string; stderr?: string }) => {
    if (!err.stdout) throw new Error(`redocly lint did not run: ${err.stderr ?? String(err)}`);
    return { stdout: err.stdout };
  });
  return JSON.parse(result.stdout) as Report;
}

// As `npm start`'s Worker serves it (any origin: only servers[0].url differs).
const doc = JSON.parse(servedOpenApi(apiDocuments().openapi, 'http://127.0.0.1:8787')) as Record<string, unknown>;
await mkdir(join(ROOT, '.cache'), { recursive: true });
await writeFile(OUT, `${JSON.stringify(doc, null, 2)}\n`);
const report = await lint(OUT);
for (const p of report.problems) {
  console.log(`${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}
const { errors, warnings, ignored } = report.totals;
const paths = Object.keys(doc.paths as object).length;
const named = Object.keys((doc.components as { schemas: object }).schemas).length;
const counts = `${errors} errors, ${warnings} warnings, ${ignored} ignored`;
console.log(`OpenAPI ${VOUCH_VERSION} (${paths} paths, ${named} named schemas) → ${OUT}: ${counts}`);
if (errors + warnings + ignored > 0) process.exit(1);
