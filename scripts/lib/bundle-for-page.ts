import { resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A module bundled into one self-contained script that sets `globalThis[globalName]`, as the
 * extension injects its detector into a page (tests and benchmarks evaluate it the same way).
 * The extension's tsconfig extends WXT's generated one; such a script needs none of it.
 */
export async function bundleForPage(
  entry: string,
  globalName: string,
  options: { minify?: boolean } = {},
): Promise<string> {
  const out = await build({
    entryPoints: [resolve(ROOT, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    target: 'chrome120',
    minify: options.minify ?? false,
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
