import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { SourceFile } from './import-graph.ts';

/**
 * Exports nothing uses, read with the compiler's parser (names, not just files):
 * - an export is used when another file imports it by name (`import { x }`, `export { x } from`,
 *   `import('./f').X` in a type), wholesale (`import * as ns`, a dynamic `import()`), or through a
 *   file that re-exports it (`export * from`);
 * - tests are users only of what their module uses itself: an export only tests import is dead,
 *   unless its own module uses it (an internal helper exported for its unit test), or the module is
 *   a test helper (in a `testing/` folder, or every file importing it is a test);
 * - types are reported when nothing imports them and their module does not use them either (a type
 *   in an exported signature stays exported);
 * - intended API without a user in the tree carries `@public` in its doc comment; what the platform
 *   or a build imports by itself is listed in PLATFORM.
 */
export interface DeadExport {
  file: string;
  name: string;
  kind: 'value' | 'type';
  /** `unused` (nothing imports it), `tests only` (only tests import it). */
  why: 'unused' | 'tests only';
  /** Its module uses it: only the `export` is dead. */
  usedInModule: boolean;
}

/** Exports used from outside the code: files (and which of their names) a platform or build imports itself. */
const PLATFORM: { file: RegExp; names: RegExp }[] = [
  { file: /^worker\/index\.ts$/, names: /^default$/ }, // wrangler's main
  { file: /^extension\/entrypoints\//, names: /^default$/ }, // WXT's entry points
  { file: /\.config\.ts$/, names: /^default$/ },
  { file: /^widget\/i18n\/messages\//, names: /^default$/ }, // scripts/build-widget.ts, by computed path
  { file: /^widget\/jsx-runtime\.ts$/, names: /./ }, // the JSX transform (jsxImportSource)
  { file: /^scripts\/lib\/lua-text-hooks\.mjs$/, names: /./ }, // Node's module hooks (register)
  // The store convention: `export type XStore = ReturnType<typeof xStore>` beside each store.
  { file: /^worker\/storage\//, names: /Store$/ },
];
const TEST = /\.test\.tsx?$|^test\//;
const ALL = '*';

interface Exported {
  name: string;
  kind: DeadExport['kind'];
  isPublic: boolean;
}

interface FileFacts {
  exports: Exported[];
  /** Target file -> names used there (ALL: every name). */
  uses: Map<string, Set<string>>;
  /** Files re-exported wholesale (`export * from`). */
  stars: string[];
  /** How many times each identifier occurs in the file. */
  identifiers: Map<string, number>;
}

const OPTIONS: ts.CompilerOptions = {
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  module: ts.ModuleKind.ESNext,
  allowImportingTsExtensions: true,
  allowArbitraryExtensions: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
};

function resolver(root: string) {
  const cache = new Map<string, string | null>();
  return (from: string, specifier: string): string | null => {
    if (!specifier.startsWith('.')) return null;
    const spec = specifier.replace(/\?.*$/, '');
    const key = `${dirname(from)}\0${spec}`;
    if (!cache.has(key)) {
      const hit = ts.resolveModuleName(spec, join(root, from), OPTIONS, ts.sys).resolvedModule;
      cache.set(key, hit ? relative(root, hit.resolvedFileName).split('\\').join('/') : null);
    }
    return cache.get(key)!;
  };
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
const isPublic = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'public');

function declaredExports(statement: ts.Statement): Exported[] {
  if (!hasExport(statement)) return [];
  const pub = isPublic(statement);
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations
      .filter((d) => ts.isIdentifier(d.name))
      .map((d) => ({ name: (d.name as ts.Identifier).text, kind: 'value', isPublic: pub || isPublic(d) }));
  }
  const named = statement as ts.DeclarationStatement;
  const name = isDefault(statement) ? 'default' : named.name && ts.isIdentifier(named.name) ? named.name.text : null;
  if (name === null) return [];
  const type = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
  return [{ name, kind: type ? 'type' : 'value', isPublic: pub }];
}

function readFacts(file: SourceFile, resolve: (from: string, spec: string) => string | null): FileFacts {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const facts: FileFacts = { exports: [], uses: new Map(), stars: [], identifiers: new Map() };
  const use = (spec: string, names: string[]) => {
    const target = resolve(file.path, spec);
    if (!target) return;
    const set = facts.uses.get(target) ?? new Set<string>();
    for (const name of names) set.add(name);
    facts.uses.set(target, set);
  };
  for (const statement of source.statements) {
    facts.exports.push(...declaredExports(statement));
    if (ts.isExportAssignment(statement)) facts.exports.push({ name: 'default', kind: 'value', isPublic: false });
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      use(statement.moduleSpecifier.text, importedNames(statement.importClause));
    }
    if (ts.isExportDeclaration(statement)) readExportDeclaration(statement, facts, use, resolve, file.path);
  }
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) facts.identifiers.set(node.text, (facts.identifiers.get(node.text) ?? 0) + 1);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) use(arg.text, [ALL]);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      use(node.argument.literal.text, [node.qualifier ? node.qualifier.getText().split('.')[0]! : ALL]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

function importedNames(clause: ts.ImportClause | undefined): string[] {
  if (!clause) return [];
  const names = clause.name ? ['default'] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(ALL);
  if (bindings && ts.isNamedImports(bindings)) {
    for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
  }
  return names;
}

function readExportDeclaration(
  statement: ts.ExportDeclaration,
  facts: FileFacts,
  use: (spec: string, names: string[]) => void,
  resolve: (from: string, spec: string) => string | null,
  path: string,
): void {
  const spec =
    statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : null;
  const clause = statement.exportClause;
  if (!clause && spec) {
    const target = resolve(path, spec);
    if (target) facts.stars.push(target);
    return;
  }
  if (clause && ts.isNamespaceExport(clause)) {
    facts.exports.push({ name: clause.name.text, kind: 'value', isPublic: false });
    if (spec) use(spec, [ALL]);
    return;
  }
  if (!clause || !ts.isNamedExports(clause)) return;
  for (const el of clause.elements) {
    const kind = statement.isTypeOnly || el.isTypeOnly ? 'type' : 'value';
    facts.exports.push({ name: el.name.text, kind, isPublic: false });
    if (spec) use(spec, [(el.propertyName ?? el.name).text]);
  }
}

/** Names used on each file by `users`, with uses of a star-re-exporting file passed on to its sources. */
function usedNames(facts: Map<string, FileFacts>, users: (path: string) => boolean): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const add = (target: string, name: string): boolean => {
    const set = used.get(target) ?? new Set<string>();
    used.set(target, set);
    if (set.has(name)) return false;
    set.add(name);
    return true;
  };
  const pending: [string, string][] = [];
  for (const [path, f] of facts) {
    if (!users(path)) continue;
    for (const [target, names] of f.uses) for (const name of names) if (add(target, name)) pending.push([target, name]);
  }
  // A name used on a file that does not declare it came through its `export * from`.
  while (pending.length) {
    const [target, name] = pending.pop()!;
    const f = facts.get(target);
    if (!f || (name !== ALL && f.exports.some((e) => e.name === name))) continue;
    for (const star of f.stars) if (add(star, name)) pending.push([star, name]);
  }
  return used;
}

/** A module for tests (in a `testing/` folder, or only tests import it): its tests are its users. */
function testHelper(facts: Map<string, FileFacts>, path: string): boolean {
  if (path.includes('/testing/')) return true;
  const importers = [...facts].filter(([, f]) => f.uses.has(path)).map(([from]) => from);
  return importers.length > 0 && importers.every((from) => TEST.test(from));
}

/** Exports of the files under `folders` that no other file uses, by the rules above. */
export function deadExports(root: string, files: readonly SourceFile[], folders: readonly string[]): DeadExport[] {
  const resolve = resolver(root);
  const facts = new Map(files.map((f) => [f.path, readFacts(f, resolve)] as const));
  const byCode = usedNames(facts, (path) => !TEST.test(path));
  const byAny = usedNames(facts, () => true);
  const out: DeadExport[] = [];
  for (const [path, f] of facts) {
    if (!folders.some((folder) => path.startsWith(folder)) || TEST.test(path) || path.endsWith('.d.lua.ts')) continue;
    const platform = PLATFORM.filter((p) => p.file.test(path));
    const helper = testHelper(facts, path);
    for (const e of f.exports) {
      if (e.isPublic || platform.some((p) => p.names.test(e.name))) continue;
      const code = (helper ? byAny : byCode).get(path);
      if (code?.has(e.name) || code?.has(ALL)) continue;
      const usedInModule = (f.identifiers.get(e.name) ?? 0) > 1;
      const any = byAny.get(path);
      const why = any?.has(e.name) || any?.has(ALL) ? 'tests only' : 'unused';
      // Tests may reach an internal helper its module uses; a type its module uses is its API's.
      if (usedInModule && (why === 'tests only' || e.kind === 'type')) continue;
      out.push({ file: path, name: e.name, kind: e.kind, why, usedInModule });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}
