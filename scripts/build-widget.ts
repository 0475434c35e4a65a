import { mkdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const WIDGET_OUT = 'dist/public/widget/vouch.js';

/** Builds the widget to one self-contained script, served by the Worker as a static asset. */
export async function buildWidget(): Promise<{ path: string; bytes: number; gzipBytes: number }> {
  await mkdir('dist/public/widget', { recursive: true });
  await build({
    entryPoints: ['widget/index.tsx'],
    outfile: WIDGET_OUT,
    bundle: true,
    format: 'iife',
    minify: true,
    target: ['es2020', 'chrome100', 'firefox100', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = await readFile(WIDGET_OUT);
  return { path: WIDGET_OUT, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildWidget();
  console.log(`widget: ${out.path} ${out.bytes} B raw, ${out.gzipBytes} B gzip`);
}
