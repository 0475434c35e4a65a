import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { VOUCH_VERSION } from '../shared/version.ts';
import { en } from '../widget/i18n/en.ts';
import { paletteCss } from '../widget/theme.ts';

const OUT = 'dist/public/widget';
export const LOADER_OUT = `${OUT}/loader.js`;
export const VERSIONED_DIR = `${OUT}/v${VOUCH_VERSION}`;
export const BUNDLE_OUT = `${VERSIONED_DIR}/vouch.js`;
/** The unversioned path, for pages that still include the bundle directly (short-cached). */
export const WIDGET_OUT = `${OUT}/vouch.js`;

// Workers Static Assets (and Miniflare) read this file: the versioned folder never changes, so
// browsers keep it a year; the entry points change with each release, so they revalidate after
// five minutes. Catalogs are fetched cross-origin by the widget: they need CORS.
const HEADERS = `/widget/v${VOUCH_VERSION}/*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
/widget/loader.js
  Cache-Control: public, max-age=300
/widget/vouch.js
  Cache-Control: public, max-age=300
`;

const COMMON: BuildOptions = {
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
  legalComments: 'none',
  // The light and dark palettes as CSS text (widget/styles.ts), computed here once.
  define: { PALETTE_CSS: JSON.stringify(paletteCss()) },
  logLevel: 'warning',
  write: false,
  charset: 'utf8',
};

export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Written beside and renamed into place: a Worker serving dist/public while `npm start` rebuilds
 * (the npm start test does, next to the browser tests) must see the old file or the new one, never
 * a missing or half-written one (that was a rare "launcher never shows" in CI: a 500 for vouch.js).
 */
async function writeAtomic(path: string, contents: Uint8Array | string): Promise<void> {
  const staging = `${path}.${process.pid}.tmp`;
  await writeFile(staging, contents);
  await rename(staging, path);
}

async function emit(path: string, contents: Uint8Array | string): Promise<BuiltFile> {
  await writeAtomic(path, contents);
  const buf = Buffer.from(contents);
  return { path, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
}

// The widget's JSX goes straight to Preact's createElement, children as arguments (the classic
// transform, over tsconfig's automatic runtime, which is kept for the types): widget/jsx-runtime.ts,
// injected into the widget bundle only (the loader has no JSX).
// Preact's class-component lifecycle and option-hook names: read and written only by the bundle's
// one private copy of Preact (and Connect in widget/index.tsx), never by the page, so shortened too.
const PREACT_NAMES = [
  'componentWillMount',
  'componentDidMount',
  'componentWillReceiveProps',
  'shouldComponentUpdate',
  'componentWillUpdate',
  'componentDidUpdate',
  'getSnapshotBeforeUpdate',
  'getDerivedStateFromProps',
  'getDerivedStateFromError',
  'componentDidCatch',
  'componentWillUnmount',
  'getChildContext',
  'contextType',
  'forceUpdate',
  'setState',
  'debounceRendering',
  'unmount',
  'diffed',
  'vnode',
];

const JSX: BuildOptions = {
  tsconfigRaw: { compilerOptions: { jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'Fragment' } },
  inject: ['./widget/jsx-runtime.ts'],
  // The store's state fields and the widget's internal props are `_`-prefixed (widget/runtime.ts's
  // State) and only ever read and written by widget code: shortened here, and so are Preact's own
  // internals (`__k`, `__e`…: two underscores and one letter) and PREACT_NAMES, which only the
  // bundle's one copy of Preact reads (`__html` and the `__cC` context ids are left alone);
  // nothing sent, received, stored or named in the DOM starts with `_`.
  mangleProps: new RegExp(`^_[a-zA-Z]|^__[a-zA-Z]$|^(${PREACT_NAMES.join('|')})$`),
};

async function bundle(entry: string, jsx?: BuildOptions): Promise<Uint8Array> {
  const out = await build({ ...COMMON, ...jsx, entryPoints: [entry] });
  return out.outputFiles![0]!.contents;
}

/**
 * Builds the loader, the versioned widget bundle (also copied to the old unversioned path), one
 * JSON catalog per locale (English included) and the `_headers` file. Same sources, same bytes.
 */
export async function buildWidget(): Promise<BuiltFile & { files: BuiltFile[] }> {
  // Older versions' folders stay out of dist: only this release is served (its own folder is
  // rewritten file by file, never emptied, for the same reason as writeAtomic).
  for (const entry of await readdir(OUT).catch(() => [])) if (/^v\d/.test(entry) && join(OUT, entry) !== VERSIONED_DIR) await rm(join(OUT, entry), { recursive: true });
  await mkdir(`${VERSIONED_DIR}/i18n`, { recursive: true });
  const widget = await bundle('widget/index.tsx', JSX);
  const files = [await emit(LOADER_OUT, await bundle('widget/loader.ts')), await emit(BUNDLE_OUT, widget), await emit(WIDGET_OUT, widget)];
  // English is a catalog like the others (no strings are built into the bundle).
  files.push(await emit(`${VERSIONED_DIR}/i18n/en.json`, JSON.stringify(en)));
  const dir = 'widget/i18n/messages';
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
    const locale = basename(file, '.ts');
    const { default: messages } = (await import(`../${dir}/${file}`)) as { default: unknown };
    files.push(await emit(`${VERSIONED_DIR}/i18n/${locale}.json`, JSON.stringify(messages)));
  }
  await writeAtomic('dist/public/_headers', HEADERS);
  // The bundle's own numbers first: scripts/start.ts prints them.
  return { ...files[1]!, files };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of (await buildWidget()).files) console.log(`widget: ${f.path.padEnd(44)} ${String(f.bytes).padStart(6)} B raw ${String(f.gzipBytes).padStart(6)} B gzip`);
}
