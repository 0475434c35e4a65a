import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// scripts/build-widget.ts cuts from the bundle's copy of Preact the features the widget never uses.
// Using one of them would then fail silently in the browser (a style object ignored, an SVG in the
// HTML namespace): this fails first, naming the file.
const FORBIDDEN: [what: string, pattern: RegExp][] = [
  ['a style object', /\bstyle=\{\{/],
  ['an SVG or MathML element', /<(svg|math)[\s>]/],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['Suspense or lazy()', /\b(Suspense|lazy)\b/],
  ['isValidElement', /\bisValidElement\b/],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.includes('.test.')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the widget uses none of the Preact features its build cuts', () => {
  const files = sources(join(import.meta.dirname, '../../widget'));
  it('finds the widget sources', () => expect(files.length).toBeGreaterThan(10));
  for (const [what, pattern] of FORBIDDEN) {
    it(`no ${what}`, () => {
      expect(files.filter((f) => pattern.test(readFileSync(f, 'utf8')))).toEqual([]);
    });
  }
});
