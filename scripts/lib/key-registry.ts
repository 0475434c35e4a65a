import ts from 'typescript';
import { cell, tableRows } from './doc-sections.ts';

/**
 * docs/ARCHITECTURE.md's key registry, read from worker/storage/redis-keys.ts with the compiler API
 * (so the document cannot drift from the code): each key function's pattern from its template
 * literal, its type and contents from the first word and the rest of its doc comment, its lifetime
 * from the comment's `@ttl` tag or, without one, the comment's clauses that name a duration.
 */
export interface KeyEntry {
  name: string;
  /** `v1:{t}:program:{id}`: constants inlined, parameters as `{name}`, literal unions as `{a|b}`. */
  pattern: string;
  type: string;
  contents: string;
  ttl: string;
}

export interface ConstantEntry {
  name: string;
  value: string;
  doc: string;
}

export interface KeyRegistry {
  keys: KeyEntry[];
  constants: ConstantEntry[];
}

const TYPES = new Set(['STRING', 'HASH', 'ZSET', 'SET', 'LIST', 'HYPERLOGLOG', 'STREAM']);
const DURATION =
  /\b(\d[\d,.]*\s*(ms|s|min|minutes?|h|hours?|days?)\b|an hour|a day|expires|expiring|kept for|deleted)/i;
const TYPE_WORD = /^(STRING|HASH|ZSET|SET|LIST|HYPERLOGLOG|STREAM):?\s+/;
/** The tenant prefix every tenant key starts with, written `{t}` as the document's legend says. */
const TENANT = /\{(\w+)\.mode\}:\{\1\.merchantId\}/g;

/** The `/** … *\/` comment right before a node, as one line (`*` margins and line breaks removed). */
function docComment(text: string, node: ts.Node): string {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const doc = ranges.filter((r) => text.startsWith('/**', r.pos)).at(-1);
  if (!doc) return '';
  const body = text.slice(doc.pos + 3, doc.end - 2);
  return body
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits `@ttl …` off a comment: the lifetime as written, else the clauses naming a duration. */
function lifetime(comment: string): { text: string; ttl: string } {
  const tag = /\s*@ttl\s+([^@]*)/.exec(comment);
  if (tag) return { text: comment.replace(tag[0], '').trim(), ttl: tag[1]!.trim().replace(/\.$/, '') };
  const clauses = comment
    .replace(/`[^`]*`/g, (code) => code.replace(/[,:;()]/g, ' '))
    .split(/[,;:()]|\.\s|—/)
    .map((c) => c.trim().replace(/\.$/, '').replace(TYPE_WORD, ''))
    .filter((c) => DURATION.test(c));
  return { text: comment, ttl: clauses.length ? clauses.join('; ') : '—' };
}

interface Scope {
  strings: Map<string, string>;
  unions: Map<string, string[]>;
  helpers: Map<string, ts.ArrowFunction>;
}

function literalUnion(type: ts.TypeNode | undefined, scope: Scope): string[] | null {
  if (!type) return null;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName))
    return scope.unions.get(type.typeName.text) ?? null;
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const out: string[] = [];
  for (const member of members) {
    if (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)) out.push(member.literal.text);
    else if (ts.isTemplateLiteralTypeNode(member)) out.push(`${member.head.text}{string}`);
    else return null;
  }
  return out;
}

/** A key expression as a pattern; `names` maps a parameter to how it is written. */
function render(node: ts.Expression, names: Map<string, string>, scope: Scope): string {
  if (ts.isParenthesizedExpression(node)) return render(node.expression, names, scope);
  if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    let out = node.head.text;
    for (const span of node.templateSpans) out += render(span.expression, names, scope) + span.literal.text;
    return out;
  }
  if (ts.isIdentifier(node)) {
    return names.get(node.text) ?? scope.strings.get(node.text) ?? `{${node.text}}`;
  }
  if (ts.isPropertyAccessExpression(node))
    return `{${render(node.expression, names, scope).replace(/[{}]/g, '')}.${node.name.text}}`;
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const helper = scope.helpers.get(node.expression.text);
    if (helper && !ts.isBlock(helper.body)) {
      const inner = new Map<string, string>();
      helper.parameters.forEach((p, i) => {
        const arg = node.arguments[i];
        if (ts.isIdentifier(p.name) && arg) inner.set(p.name.text, render(arg, names, scope));
      });
      return render(helper.body, inner, scope);
    }
  }
  return `{${node.getText()}}`;
}

function readScope(file: ts.SourceFile): Scope {
  const scope: Scope = { strings: new Map(), unions: new Map(), helpers: new Map() };
  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      const union = literalUnion(statement.type, scope);
      if (union) scope.unions.set(statement.name.text, union);
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const init = decl.initializer;
      if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))
        scope.strings.set(decl.name.text, init.text);
      if (ts.isArrowFunction(init)) scope.helpers.set(decl.name.text, init);
    }
  }
  return scope;
}

function keyEntry(text: string, prop: ts.PropertyAssignment, fn: ts.ArrowFunction, scope: Scope): KeyEntry {
  const names = new Map<string, string>();
  for (const p of fn.parameters) {
    if (!ts.isIdentifier(p.name)) continue;
    const union = literalUnion(p.type, scope);
    names.set(p.name.text, `{${union ? union.join('|') : p.name.text}}`);
  }
  const pattern = ts.isBlock(fn.body) ? '(computed)' : render(fn.body, names, scope).replace(TENANT, '{$1}');
  const comment = lifetime(docComment(text, prop));
  const [first = '', ...rest] = comment.text.split(' ');
  const typed = TYPES.has(first.replace(/:$/, ''));
  return {
    name: prop.name.getText(),
    pattern,
    type: typed ? first.replace(/:$/, '').toLowerCase() : '?',
    contents: (typed ? rest.join(' ') : comment.text).replace(/^:\s*/, ''),
    ttl: comment.ttl,
  };
}

/** A number or an object of numbers, with `400 * 86400` kind of arithmetic worked out. */
function constantValue(node: ts.Expression): string | null {
  const stripped = ts.isAsExpression(node) ? node.expression : node;
  if (ts.isObjectLiteralExpression(stripped)) {
    const parts = stripped.properties.map((p) =>
      ts.isPropertyAssignment(p) ? `${p.name.getText()}: ${constantValue(p.initializer)}` : null,
    );
    return parts.every((p) => p && !p.endsWith('null')) ? parts.join(', ') : null;
  }
  const n = arithmetic(stripped);
  return n === null ? null : String(n);
}

function arithmetic(node: ts.Expression): number | null {
  if (ts.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ''));
  if (ts.isParenthesizedExpression(node)) return arithmetic(node.expression);
  if (!ts.isBinaryExpression(node)) return null;
  const [a, b] = [arithmetic(node.left), arithmetic(node.right)];
  if (a === null || b === null) return null;
  const op = node.operatorToken.kind;
  if (op === ts.SyntaxKind.AsteriskToken) return a * b;
  if (op === ts.SyntaxKind.PlusToken) return a + b;
  if (op === ts.SyntaxKind.MinusToken) return a - b;
  return null;
}

/** Every key function of each exported object of key functions, and every exported numeric constant. */
export function readKeyRegistry(text: string): KeyRegistry {
  const file = ts.createSourceFile('redis-keys.ts', text, ts.ScriptTarget.Latest, true);
  const scope = readScope(file);
  const out: KeyRegistry = { keys: [], constants: [] };
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (!init || !ts.isIdentifier(decl.name)) continue;
      const value = constantValue(init);
      if (value !== null) out.constants.push({ name: decl.name.text, value, doc: docComment(text, statement) });
      if (!ts.isObjectLiteralExpression(init)) continue;
      for (const prop of init.properties) {
        if (ts.isPropertyAssignment(prop) && ts.isArrowFunction(prop.initializer)) {
          out.keys.push(keyEntry(text, prop, prop.initializer, scope));
        }
      }
    }
  }
  return out;
}

/** What the code cannot say (who writes and who reads a key): kept from the document, by key name. */
const UNFILLED = '?';

/**
 * The registry's section of the document: the generated columns from the code, `written by` and
 * `read by` kept from the previous section (by key name; `?` for a key the document lacks, which the
 * check reports until someone fills it in).
 */
export function renderKeyRegistry(registry: KeyRegistry, previous: string | null): string {
  const kept = new Map<string, string[]>();
  for (const row of tableRows(previous ?? '')) kept.set(row[0]!.replace(/`/g, ''), row.slice(5, 7));
  const header = ['| key | pattern | type | contents | TTL | written by | read by |', '|---|---|---|---|---|---|---|'];
  const rows = registry.keys.map((k) => {
    const [written = UNFILLED, read = UNFILLED] = kept.get(k.name) ?? [];
    const cells = [`\`${k.name}\``, `\`${k.pattern}\``, k.type, k.contents, k.ttl, written, read];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  const constants = registry.constants.map((c) => `- \`${c.name}\` = ${c.value}${c.doc ? `: ${c.doc}` : ''}`);
  return [...header, ...rows, '', ...constants, ''].join('\n');
}

/** Keys whose `written by` or `read by` is not filled in. */
export function unfilledKeys(section: string): string[] {
  return tableRows(section)
    .filter((row) => row.slice(5, 7).some((c) => c === UNFILLED || c === ''))
    .map((row) => row[0]!.replace(/`/g, ''));
}
