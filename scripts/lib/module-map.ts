import { tableRows } from './doc-sections.ts';

/**
 * docs/ARCHITECTURE.md's module map checked against the tree:
 * - every file under worker/ (tests aside) is named in the map: by its path, by its name in its
 *   folder's row (a row's first cell names folders, `worker/redirect/`, or files; the names in the row are
 *   relative to them, else to the repository's root), or by a glob there (`lua/*.lua`);
 * - every path the document names exists: repo-rooted ones (`worker/…`, `shared/…`), names in a
 *   map row relative to that row's folders, and elsewhere a path with a file extension anywhere in
 *   the tree (`redirect/warm-answers.ts` matches worker/redirect/warm-answers.ts).
 * Code spans that are not paths (URLs, `{…}` patterns, `text/plain`) are not checked.
 */

const ROOTS = ['worker', 'shared', 'scripts', 'widget', 'extension', 'console', 'test', 'docs', '.ci'];
/** Built or installed output, not in the tree. */
const UNTRACKED = /^(dist|node_modules|test-results|\.cache|\.output|\.wxt)\//;
const FILE = /\.(ts|tsx|mts|mjs|js|jsx|lua|json|jsonc|md|css|env|toml|html|svg|sh)$/;
/** A path-looking code span: no spaces, `{`, `:`, `#`; no leading `/`, `@`, bare `.ext` (URLs, patterns, packages). */
const PATHLIKE = /^(\w|\.\w+\/)[\w.*/-]*$/;
const TEST = /\.test\.tsx?$/;

export interface Tree {
  files: ReadonlySet<string>;
  dirs: ReadonlySet<string>;
}

function treeOf(paths: readonly string[]): Tree {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  return { files: new Set(paths), dirs };
}

const codeSpans = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
const rooted = (span: string) => ROOTS.includes(span.split('/')[0]!) && span.includes('/');

function globMatcher(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/** What a span names in the tree, tried as written, then relative to each base folder; null if nothing. */
function resolve(span: string, bases: readonly string[], tree: Tree): string[] | null {
  const candidates = rooted(span) ? [span] : [...bases, ''].map((base) => base + span);
  for (const path of candidates) {
    if (path.includes('*')) {
      const glob = globMatcher(path);
      const hits = [...tree.files].filter((f) => glob.test(f));
      if (hits.length) return hits;
    } else if (tree.files.has(path) || tree.dirs.has(path.endsWith('/') ? path : `${path}/`)) return [path];
  }
  return null;
}

interface MapRow {
  bases: string[];
  spans: string[];
}

/** The `## Modules` table: each row's folders (of the paths in its first cell) and code spans. */
function moduleRows(doc: string): MapRow[] {
  const section = /^## Modules\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? '';
  return tableRows(section).map((cells) => {
    const first = codeSpans(cells[0] ?? '');
    const spans = cells.flatMap(codeSpans).filter((s) => PATHLIKE.test(s) && !UNTRACKED.test(s));
    const bases = first.filter(rooted).map((s) => (s.endsWith('/') ? s : s.slice(0, s.lastIndexOf('/') + 1)));
    return { bases: [...new Set(bases)], spans };
  });
}

export interface MapReport {
  /** Files under worker/ (tests aside) that no row names. */
  unnamed: string[];
  /** Spans that look like paths of the tree and name nothing in it, with where they are. */
  missing: string[];
}

export function checkModuleMap(doc: string, paths: readonly string[]): MapReport {
  const tree = treeOf(paths);
  const named = new Set<string>();
  const missing = new Set<string>();
  for (const row of moduleRows(doc)) {
    for (const span of row.spans) {
      if (!rooted(span) && !FILE.test(span) && !span.endsWith('/') && !span.includes('*')) continue;
      const hits = resolve(span, row.bases, tree);
      if (hits) for (const hit of hits) named.add(hit);
      else missing.add(`module map: \`${span}\`${row.bases.length ? ` (in ${row.bases.join(', ')})` : ''}`);
    }
  }
  const prose = doc.replace(/^## Modules\n[\s\S]*?(?=^## )/m, '');
  for (const span of codeSpans(prose)) {
    if (!PATHLIKE.test(span) || UNTRACKED.test(span) || span.includes('*')) continue;
    if (rooted(span)) {
      if (!resolve(span, [], tree)) missing.add(`\`${span}\``);
    } else if (FILE.test(span) && ![...tree.files].some((f) => f === span || f.endsWith(`/${span}`))) {
      missing.add(`\`${span}\``);
    }
  }
  const unnamed = paths.filter((p) => p.startsWith('worker/') && !TEST.test(p) && !named.has(p));
  return { unnamed, missing: [...missing] };
}
