/**
 * Generated sections of a Markdown document: the text between `<!-- {name}:start -->` and
 * `<!-- {name}:end -->`, replaced whole by `--write` and compared by the check; table cells with
 * escaped pipes (`\|`, which GitHub's tables need even inside code spans).
 */

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/** The lines between the section's markers, or null when the document lacks them. */
export function sectionOf(doc: string, name: string): string | null {
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from < 0 || to < from) return null;
  return doc.slice(from + start(name).length, to).replace(/^\n/, '');
}

export function replaceSection(doc: string, name: string, body: string): string {
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from < 0 || to < from) throw new Error(`docs: no ${start(name)} … ${end(name)} markers`);
  return `${doc.slice(0, from + start(name).length)}\n${body}${doc.slice(to)}`;
}

/** A table cell's text: pipes escaped, line breaks as spaces. */
export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The cells of each row of the Markdown tables in `text` (header and `|---|` rows skipped, `\|` unescaped). */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  const separator = (line = '') => /^\|[\s|:-]+\|$/.test(line);
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('|') || separator(line) || separator(lines[i + 1])) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    rows.push(cells);
  }
  return rows;
}

/** `+`/`-` lines between two texts (longest common subsequence of lines), for a readable failure. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out;
}

/** Table rows whose cell count differs from their header's (an unescaped `|` splits a cell on GitHub). */
export function tableShapeProblems(doc: string): string[] {
  const out: string[] = [];
  let width = 0;
  const lines = doc.split('\n');
  const cells = (line: string) => line.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).length;
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('|')) width = 0;
    else if (/^\|[\s|:-]+\|$/.test(lines[i + 1] ?? '')) width = cells(line);
    else if (width && !/^\|[\s|:-]+\|$/.test(line) && cells(line) !== width) {
      out.push(`line ${i + 1}: ${cells(line)} cells, its table has ${width} (escape | as \\|)`);
    }
  }
  return out;
}
