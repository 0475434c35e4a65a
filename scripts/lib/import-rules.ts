import type { SourceFile } from './import-graph.ts';

/**
 * The import rules of the tree (issue 14), evaluated over the files' imports:
 * - hard rules that hold and fail at once: widget/, extension/ and the console's browser app import
 *   only shared/, their own folder and npm packages; shared/ imports no app folder;
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

export function ruleViolations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
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
