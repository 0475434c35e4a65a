import { build } from 'esbuild';

/**
 * Bundles a Worker entry the way wrangler does (ESM, workerd export conditions), for tests
 * (run in Miniflare) and for the size budget (minified, as deployed).
 */
export async function bundleWorker(entry: string, options: { minify?: boolean } = {}): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: options.minify ?? false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // Lua scripts (worker/storage/lua/) are text modules, as wrangler.toml's Text rule makes them.
    loader: { '.lua': 'text' },
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.contents;
}
