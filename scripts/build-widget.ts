import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { VOUCH_VERSION } from '../shared/version.ts';
import { en } from '../widget/i18n/en.ts';
import { paletteCss } from '../widget/theme.ts';

const OUT = 'dist/public/widget';
export const LOADER_OUT = `${OUT}/loader.js`;
export const VERSIONED_DIR = `${OUT}/v${VOUCH_VERSION}`;
export const BUNDLE_OUT = `${VERSIONED_DIR}/vouch.js`;
/** The signed-in advocate's Rewards section, an ES module the bundle imports on first use (issue 16). */
const WALLET_OUT = `${VERSIONED_DIR}/wallet.js`;
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
  // A component's own fields: never touched outside the bundle, and never compared as strings.
  'props',
  'state',
  'context',
  'render',
];

/**
 * Preact features the widget never uses, cut from the bundle's private copy of Preact (11.2.0,
 * pinned in package.json): about 600 B gzip, which paid for extension pairing in the panel (issue
 * 7). Each cut is an exact piece of dist/preact.mjs and the build fails if one is not found, so a
 * Preact upgrade cannot silently keep or half-apply them: redo them against the new file (or drop
 * them) then. What is cut, and why it is dead here:
 * - style objects: the widget sets no inline styles (a strict CSP would block them); a string
 *   `style` would still work, as a plain property;
 * - SVG and MathML: no SVG or MathML element is ever rendered (the QR code is an <img>), so every
 *   element is created in the HTML namespace (a shadow root has no namespaceURI of its own);
 * - dangerouslySetInnerHTML: never used (and must not be: text only);
 * - Suspense: nothing throws promises (no lazy(), no preact/compat), so resuming a suspended
 *   subtree and its `$s` comment markers never happen; a thrown promise is now an error like any;
 * - isValidElement: never called, but Preact assigns it at load, where the minifier cannot drop it.
 */
const PREACT_CUTS: [from: string, to: string][] = [
  // style objects
  [
    'if("style"==t)if("string"==typeof r)n.style.cssText=r;' +
      'else{if("string"==typeof u&&(n.style.cssText=u=""),u)for(t in u)r&&t in r||T(n.style,t);' +
      'if(r)for(t in r)u&&r[t]==u[t]||T(n.style,t,r[t])}else if("o"==t[0]',
    'if("o"==t[0]',
  ],
  // SVG attribute names (xlinkHref, className)
  [
    'if("http://www.w3.org/2000/svg"==i)t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if("width"',
    'if("width"',
  ],
  // SVG and MathML namespaces
  [
    'if("svg"==C?f="http://www.w3.org/2000/svg":"math"==C?f="http://www.w3.org/1998/Math/MathML":' +
      'f||(f="http://www.w3.org/1999/xhtml"),o)',
    'if(f||(f="http://www.w3.org/1999/xhtml"),o)',
  ],
  ['("foreignObject"==C||"http://www.w3.org/1998/Math/MathML"==f&&v.test(C))&&(f="http://www.w3.org/1999/xhtml"),', ''],
  // dangerouslySetInnerHTML
  ['k=$[s],"dangerouslySetInnerHTML"==s?y=k:"children"==s', 'k=$[s],"children"==s'],
  ['"children"==s?_=k:"dangerouslySetInnerHTML"==s?h=k:"value"==s', '"children"==s?_=k:"value"==s'],
  [
    'h?(l||y&&(h.__html==y.__html||h.__html==t.innerHTML)||(t.innerHTML=h.__html),r.__k=[]):(y&&(t.textContent=""),I(',
    '(I(',
  ],
  // Suspense: resuming a suspended subtree, suspending one, unmounting its markers
  ['128&u.__u&&(c=32&u.__u,s=u.__c.__z)&&(r.__u|=c,p=o=[],8==s.nodeType?l=B(s,o):o.push(s),l=o[0]||l),', ''],
  [
    'if(e.length=v,r.__v=null,c||o)if(t&&t.then){if(r.__u|=128|c,o){' +
      'for(~(T=o.indexOf(l||void 0))||(T=o.length);(N=o[T-1])&&8==N.nodeType;)T--;' +
      'for(;T<o.length;T++)if(N=o[T])if(o[T]=null,O){if(N==P)break}' +
      'else{if(8!=N.nodeType)break;N.data.startsWith("$s")&&(P=B(O=N))}}' +
      'if(!O){for(;l&&8==l.nodeType&&l.nextSibling;)l=l.nextSibling;O=l}' +
      '(s=B(O=r.__c.__z||(r.__c.__z=O)))?(r.__e=O,l=s):r.__e=l,l=l&&l.nextSibling}else o&&o.some(g);' +
      'else r.__e=u.__e;r.__k||(r.__k=u.__k||[]),t&&t.then||D(r),n.__e(t,r,u)',
    'e.length=v,r.__v=null,c||o?o&&o.some(g):r.__e=u.__e,r.__k||(r.__k=u.__k||[]),D(r),n.__e(t,r,u)',
  ],
  ['!u&&(i=t.__c)&&(i=i.__z)&&(f=B(i,o=[]))&&(i==t.__e&&o.some(g),g(f),g(i)),', ''],
  // isValidElement
  ['r=function(n){return null!=n&&n.constructor===h},', ''],
];

const trimPreact: Plugin = {
  name: 'trim-preact',
  setup(b) {
    b.onLoad({ filter: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      for (const [from, to] of PREACT_CUTS) {
        const at = source.indexOf(from);
        if (at < 0 || source.indexOf(from, at + 1) >= 0)
          throw new Error(`build-widget: Preact cut not found exactly once (Preact upgraded?): ${from.slice(0, 60)}…`);
        source = source.slice(0, at) + to + source.slice(at + from.length);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

const JSX: BuildOptions = {
  tsconfigRaw: { compilerOptions: { jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'Fragment' } },
  inject: ['./widget/jsx-runtime.ts'],
  // The store's state fields and the widget's internal props are `_`-prefixed (widget/runtime.ts's
  // State) and only ever read and written by widget code: shortened here, and so are Preact's own
  // internals (`__k`, `__e`…: two underscores and one letter) and PREACT_NAMES, which only the
  // bundle's one copy of Preact reads (`__html` and the `__cC` context ids are left alone);
  // nothing sent, received, stored or named in the DOM starts with `_`.
  mangleProps: new RegExp(`^_[a-zA-Z]|^__[a-zA-Z]$|^(${PREACT_NAMES.join('|')})$`),
  plugins: [trimPreact],
};

async function bundle(entry: string, jsx?: BuildOptions, format: BuildOptions['format'] = 'iife'): Promise<Uint8Array> {
  const out = await build({ ...COMMON, ...jsx, format, entryPoints: [entry] });
  return out.outputFiles![0]!.contents;
}

/**
 * Builds the loader, the versioned widget bundle (also copied to the old unversioned path), one
 * JSON catalog per locale (English included) and the `_headers` file. Same sources, same bytes.
 */
export async function buildWidget(): Promise<BuiltFile & { files: BuiltFile[] }> {
  // Older versions' folders stay out of dist: only this release is served (its own folder is
  // rewritten file by file, never emptied, for the same reason as writeAtomic).
  for (const entry of await readdir(OUT).catch(() => []))
    if (/^v\d/.test(entry) && join(OUT, entry) !== VERSIONED_DIR) await rm(join(OUT, entry), { recursive: true });
  await mkdir(`${VERSIONED_DIR}/i18n`, { recursive: true });
  const widget = await bundle('widget/index.tsx', JSX);
  const files = [
    await emit(LOADER_OUT, await bundle('widget/loader.ts')),
    await emit(BUNDLE_OUT, widget),
    await emit(WIDGET_OUT, widget),
    // Its own private copy of Preact, mangled apart: the bundle hands it plain names only.
    await emit(WALLET_OUT, await bundle('widget/wallet/index.tsx', JSX, 'esm')),
  ];
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
  for (const f of (await buildWidget()).files)
    console.log(
      `widget: ${f.path.padEnd(44)} ${String(f.bytes).padStart(6)} B raw ${String(f.gzipBytes).padStart(6)} B gzip`,
    );
}
