/**
 * `tsx scripts/measure-functions.ts [--top 10] [--max 60] [--root <dir>]`: the longest functions of the
 * app code (worker/, shared/, widget/, extension/, console/; tests aside), in lines from their first to
 * their last line, and how many exceed `--max` (the style guide's ~60). Functions are what the TypeScript
 * parser calls functions: declarations, methods, arrows and function expressions, each counted on its own
 * (an arrow inside a function counts for both), except an arrow whose whole body is an object literal
 * (a store's `defineStore((redis) => ({ ...methods }))`): its methods are measured one by one, and the
 * literal around them is a list, not a function body. `--root` measures another checkout (before/after).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const APP = /^(worker|shared|widget|extension|console)\/.*\.tsx?$/;
const SKIP = /\.test\.tsx?$|\.d\.ts$|\.d\.lua\.ts$/;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

interface Measured {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

function skipParens(node: ts.Node): ts.Node {
  return ts.isParenthesizedExpression(node) ? skipParens(node.expression) : node;
}

function measure(root: string, file: string): Measured[] {
  const text = readFileSync(resolve(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Measured[] = [];
  const visit = (node: ts.Node) => {
    const objectBody = ts.isArrowFunction(node) && ts.isObjectLiteralExpression(skipParens(node.body));
    if (ts.isFunctionLike(node) && 'body' in node && node.body && !objectBody) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file, name: nameOf(node, source), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const root = resolve(option('--root') ?? resolve(import.meta.dirname, '..'));
const top = Number(option('--top') ?? 10);
const max = Number(option('--max') ?? 60);
const files = execFileSync('git', ['ls-files'], { cwd: root })
  .toString('utf8')
  .split('\n')
  .filter((f) => APP.test(f) && !SKIP.test(f));
const all = files.flatMap((f) => measure(root, f)).sort((a, b) => b.lines - a.lines);
console.log(
  `${all.length} functions in ${files.length} files; over ${max} lines: ${all.filter((f) => f.lines > max).length}`,
);
for (const f of all.slice(0, top)) console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
