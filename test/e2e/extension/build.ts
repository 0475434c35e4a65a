import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the MV3 extension (Chrome by default, or Firefox) for one Worker origin into `outDir`
 * (`{outDir}/chrome-mv3`, `{outDir}/firefox-mv3`), the way a deployment builds it (`VOUCH_API_ORIGIN`),
 * never into dist/extension, which other tests load. About 3 s.
 */
export async function buildExtensionFor(
  apiOrigin: string,
  outDir: string,
  browser: 'chrome' | 'firefox' = 'chrome',
): Promise<string> {
  try {
    await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/wxt'), ['build', '-b', browser], {
      cwd: ROOT,
      env: { ...process.env, VOUCH_API_ORIGIN: apiOrigin, VOUCH_EXTENSION_OUT: outDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`wxt build failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  return resolve(outDir, `${browser}-mv3`);
}
