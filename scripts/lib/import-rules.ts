import type { SourceFile } from './import-graph.ts';

/**
 * The import rules of the tree (issue 14), evaluated over the files' imports:
 * - hard rules that hold and fail at once: widget/, extension/ and the console's browser app import
 *   only shared/, their own folder and npm packages; shared/ imports no app folder; the layer
 *   direction inside worker/ (layerViolations below);
 * - figures that issue 14 shrinks: folder-level cycles inside worker/ and the files outside the
 *   storage layer that use the Redis client. These fail only when they differ from the allow-list.
 */

/** Folders scanned; scripts/ and test/ may import anything, but their imports are read too. */
export const SCANNED = ['worker', 'widget', 'extension', 'console', 'shared', 'scripts', 'test'] as const;

/** The console's browser app: worker/console/app before its move, console/ after. */
const CONSOLE_APP = /^(worker\/console\/app|console)\//;
const BROWSER = new Set(['widget', 'extension', 'console']);
const APP = new Set(['worker', 'widget', 'extension', 'console']);

/** What part of the tree a path is in: a top-level folder, the console app, or `.` for root files. */
function areaOf(path: string): string {
  if (CONSOLE_APP.test(path)) return 'console';
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

interface Violation {
  from: string;
  to: string;
  rule: string;
}

// The storage layer's internals: key names, Lua, the changeset, the client. Outside it, code calls stores.
const STORAGE_INTERNALS = /^worker\/storage\/(redis-keys\.ts|lua\.ts|lua\/|changeset\.ts|client\.ts)/;

/** Worker files (tests aside) outside the storage layer that import its internals instead of a store. */
export function internalsOutsideStorage(files: readonly SourceFile[]): Violation[] {
  return files
    .filter((f) => areaOf(f.path) === 'worker' && !f.path.startsWith('worker/storage/') && !f.path.includes('.test.'))
    .flatMap((f) =>
      f.files
        .filter((to) => STORAGE_INTERNALS.test(to))
        .map((to) => ({ from: f.path, to, rule: 'only worker/storage/ uses its keys, Lua, changeset and client' })),
    );
}

export function ruleViolations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [...layerViolations(files), ...internalsOutsideStorage(files)];
  for (const file of files) {
    const from = areaOf(file.path);
    for (const to of file.files) {
      const target = areaOf(to);
      if (BROWSER.has(from) && target !== from && target !== 'shared') {
        out.push({ from: file.path, to, rule: `${from} imports only shared/, its own folder and npm packages` });
      } else if (from === 'shared' && APP.has(target)) {
        out.push({ from: file.path, to, rule: 'shared/ imports no worker/, widget/, extension/ or console/' });
      }
    }
  }
  return out;
}

/** A file's node in worker/'s folder graph: its first-level folder, or the file itself at worker/'s root. */
function workerFolder(path: string): string | null {
  if (areaOf(path) !== 'worker') return null;
  const rest = path.slice('worker/'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Strongly connected groups (two or more folders) of worker/'s folder-level import graph, each sorted. */
export function folderCycles(files: readonly SourceFile[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = workerFolder(file.path);
    if (from === null || file.path.includes('.test.')) continue;
    for (const to of file.files.map(workerFolder)) {
      if (to === null || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return stronglyConnected(edges)
    .filter((group) => group.length > 1)
    .map((group) => group.sort())
    .sort((a, b) => a.join().localeCompare(b.join()));
}

// Tarjan's algorithm: a group is every node reachable from each other.
function stronglyConnected(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    groups.push(group);
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return groups;
}

const REDIS_CLIENT = 'worker/storage/client.ts';
// `redis.call(` and `redis.pcall(` in an inline Lua script.
const LUA_CALL = /\bredis\.p?call\s*\(/;

/** Worker files (tests aside) outside the storage layer that import the Redis client or hold Lua calls. */
export function redisOutsideStorage(files: readonly SourceFile[], storage: string): string[] {
  return files
    .filter((f) => areaOf(f.path) === 'worker' && !f.path.startsWith(storage) && !f.path.includes('.test.'))
    .filter((f) => f.packages.includes('@upstash/redis') || f.files.includes(REDIS_CLIENT) || LUA_CALL.test(f.text))
    .filter((f) => f.path !== REDIS_CLIENT)
    .map((f) => f.path);
}

/**
 * The layer direction inside worker/ (docs/ARCHITECTURE.md, "Layers"): routes -> features -> core
 * and storage. Each rule names what a layer must not import; a feature is any other first-level
 * folder (redirect/, conversions/, …). Root files (index.ts, app.ts, app-env.ts, scheduled.ts,
 * tenant.ts) are the composition root and shared types: not constrained. Tests may import anything.
 * A type-only import (`import type`) of middleware is allowed to a feature (its context types).
 */
const LAYERS = new Set(['storage', 'lib', 'errors', 'routes', 'middleware']);
const FEATURE = 'feature';

interface LayerRule {
  layer: string;
  refuses: string[];
  typesAllowed?: string[];
}

const LAYER_RULES: LayerRule[] = [
  { layer: 'storage', refuses: [FEATURE, 'routes', 'middleware'] },
  { layer: 'lib', refuses: [FEATURE, 'storage', 'routes', 'middleware'] },
  { layer: 'errors', refuses: [FEATURE, 'storage', 'routes', 'middleware'] },
  { layer: FEATURE, refuses: ['routes', 'middleware'], typesAllowed: ['middleware'] },
];

/** A worker path's layer: storage, lib, errors, routes, middleware, a feature, or null (root files, elsewhere). */
function layerOf(path: string): string | null {
  const folder = workerFolder(path);
  if (folder === null || !path.slice('worker/'.length).includes('/')) return null;
  return LAYERS.has(folder) ? folder : FEATURE;
}

/** Targets a file imports with `import type` / `export type` only, as repository paths without extension. */
function typeOnlyTargets(file: SourceFile): Set<string> {
  const out = new Set<string>();
  const dir = file.path.slice(0, file.path.lastIndexOf('/'));
  for (const [, spec] of file.text.matchAll(/\b(?:import|export)\s+type\s+[^;'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const parts = `${dir}/${spec}`.split('/');
    const resolved: string[] = [];
    for (const part of parts) {
      if (part === '..') resolved.pop();
      else if (part !== '.') resolved.push(part);
    }
    out.add(resolved.join('/').replace(/\.(ts|tsx|js)$/, ''));
  }
  return out;
}

/** Each import that breaks a layer rule (docs/ARCHITECTURE.md, "Layers"). */
export function layerViolations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    const rule = LAYER_RULES.find((r) => r.layer === from);
    if (!rule || file.path.includes('.test.')) continue;
    const typeOnly = typeOnlyTargets(file);
    for (const to of file.files) {
      const target = layerOf(to);
      if (target === null || !rule.refuses.includes(target)) continue;
      if (target === FEATURE && workerFolder(to) === workerFolder(file.path)) continue;
      if (rule.typesAllowed?.includes(target) && typeOnly.has(to.replace(/\.(ts|tsx)$/, ''))) continue;
      const types = rule.typesAllowed ? ` (types of ${rule.typesAllowed.join(', ')} allowed)` : '';
      const layer = rule.layer === FEATURE ? 'a feature folder' : `${rule.layer}/`;
      out.push({ from: file.path, to, rule: `${layer} imports no ${rule.refuses.join(', ')}${types}` });
    }
  }
  return out;
}
