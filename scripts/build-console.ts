/**
 * `npm run build:console`: the merchant console (console/) bundled by esbuild into
 * dist/public/console/: content-hashed JS (ESM; each non-English catalog its own lazy chunk) and
 * CSS under assets/, and manifest.json naming them, which the Worker reads to render /console.
 * Files are written beside and renamed into place (a running Worker may be serving dist/public),
 * the manifest last, so it never names a file that is not there yet.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const OUT = 'dist/public/console';
const ASSETS = `${OUT}/assets`;
const HEADERS_FILE = 'dist/public/_headers';
const BEGIN = '# console:begin';
const END = '# console:end';
// Hashed names never change content: cached for a year. (The HTML is the Worker's, no-store.)
const HEADERS_BLOCK = `${BEGIN}
/console/assets/*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
/console/manifest.json
  Cache-Control: no-store
${END}
`;

async function writeAtomic(path: string, contents: Uint8Array | string): Promise<void> {
  const staging = `${path}.${process.pid}.tmp`;
  await writeFile(staging, contents);
  await rename(staging, path);
}

/** _headers belongs to build:widget too: only our marked block is replaced. */
async function mergeHeaders(): Promise<void> {
  const current = await readFile(HEADERS_FILE, 'utf8').catch(() => '');
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const rest = start >= 0 && end > start ? current.slice(0, start) + current.slice(end + END.length + 1) : current;
  await writeAtomic(HEADERS_FILE, `${rest.replace(/\n*$/, '\n')}${HEADERS_BLOCK}`);
}

export interface ConsoleBuild {
  manifest: { js: string; css: string; preview: string };
  /** gzip bytes of what the first view loads: the app's JS, its static chunks and CSS. */
  gzipBytes: number;
  files: { path: string; bytes: number; gzipBytes: number }[];
}

export async function buildConsole(): Promise<ConsoleBuild> {
  await mkdir(ASSETS, { recursive: true });
  const out = await build({
    entryPoints: { app: 'console/main.tsx', preview: 'console/preview.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: ASSETS,
    entryNames: '[name].[hash]',
    chunkNames: '[name].[hash]',
    assetNames: '[name].[hash]',
    metafile: true,
    write: false,
    charset: 'utf8',
    logLevel: 'warning',
  });
  const files: ConsoleBuild['files'] = [];
  const manifest = { js: '', css: '', preview: '' };
  const written = new Set<string>();
  for (const file of out.outputFiles) {
    await writeAtomic(file.path, file.contents);
    const name = basename(file.path);
    written.add(name);
    const url = `/console/assets/${name}`;
    if (/^app\.[\w-]+\.js$/.test(name)) manifest.js = url;
    else if (/^app\.[\w-]+\.css$/.test(name)) manifest.css = url;
    else if (/^preview\.[\w-]+\.js$/.test(name)) manifest.preview = url;
    files.push({
      path: join(ASSETS, name),
      bytes: file.contents.length,
      gzipBytes: gzipSync(file.contents, { level: 9 }).length,
    });
  }
  if (!manifest.js || !manifest.css || !manifest.preview)
    throw new Error(`build-console: missing outputs in ${[...written].join(', ')}`);
  // Files of the previous build stay one more build (an open console may still lazy-load them).
  const previous = JSON.parse(await readFile(`${OUT}/manifest.json`, 'utf8').catch(() => '{}')) as { files?: string[] };
  // The first view: the app entry, the chunks it imports statically, and its CSS (budgeted).
  const entry = Object.entries(out.metafile!.outputs).find(([path]) => path.endsWith(manifest.js.slice(16)))!;
  const firstNames = new Set(
    [
      manifest.js,
      manifest.css,
      ...entry[1].imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    ].map((p) => basename(p)),
  );
  const first = files.filter((f) => firstNames.has(basename(f.path)));
  const firstView = [...firstNames].map((name) => `/console/assets/${name}`);
  await writeAtomic(
    `${OUT}/manifest.json`,
    JSON.stringify({ ...manifest, first_view: firstView, files: [...written] }),
  );
  const keep = new Set([...written, ...(previous.files ?? [])]);
  for (const name of await readdir(ASSETS)) if (!keep.has(name)) await rm(join(ASSETS, name), { force: true });
  await mergeHeaders();
  return { manifest, gzipBytes: first.reduce((n, f) => n + f.gzipBytes, 0), files };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await buildConsole();
  for (const f of result.files)
    console.log(
      `console: ${f.path.padEnd(52)} ${String(f.bytes).padStart(7)} B raw ${String(f.gzipBytes).padStart(6)} B gzip`,
    );
  console.log(`console: first view (app JS + its static chunks + CSS) ${result.gzipBytes} B gzip`);
}
