import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** One source file's imports: static, `export … from`, `import type`, `require` and dynamic `import('…')`. */
export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
  /** Repository-relative files (or paths that did not resolve) this file imports. */
  files: string[];
  /** Package names (`hono`, `@upstash/redis`, `node:fs`, `#imports`). */
  packages: string[];
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|jsx)$/;
const SKIP = new Set(['node_modules', 'dist', '.output', '.wxt', '.wrangler', '.cache', '.git', 'test-results']);

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    if (SKIP.has(name)) continue;
    const path = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) walk(root, path, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
}

const CANDIDATES = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

/** A relative specifier as the bundlers resolve it (`.js` may name a `.ts`); the plain path when nothing matches. */
function resolveRelative(root: string, from: string, specifier: string): string {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier.replace(/\?.*$/, '')));
  const stems = [target, ...(target.endsWith('.js') ? [target.replace(/\.js$/, '.ts')] : [])];
  for (const stem of stems) {
    for (const suffix of CANDIDATES) {
      const candidate = stem + suffix;
      if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) return candidate;
    }
  }
  return target;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function readSource(root: string, path: string): SourceFile {
  const text = readFileSync(join(root, path), 'utf8');
  // preProcessFile is the compiler's own import scanner: it sees every import form, comments excluded.
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const files = new Set<string>();
  const packages = new Set<string>();
  for (const { fileName } of importedFiles) {
    if (fileName.startsWith('.')) files.add(resolveRelative(root, path, fileName));
    else packages.add(packageName(fileName));
  }
  return { path, text, files: [...files], packages: [...packages] };
}

/** Every source file under the given top-level folders of `root`, with its imports. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const paths: string[] = [];
  for (const folder of folders) if (existsSync(join(root, folder))) walk(root, folder, paths);
  return paths.sort().map((path) => readSource(root, path));
}
