import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The rules of this folder, checked: every script is named in index.ts (or composed in composed.ts),
// has its contract beside it, and is exercised by a test here (named in a test title or text).
const DIR = import.meta.dirname;
const files = readdirSync(DIR);
const scripts = files.filter((f) => f.endsWith('.lua'));
const tests = files.filter((f) => f.endsWith('.test.ts') && f !== 'every-script.test.ts');
const testText = tests.map((f) => readFileSync(`${DIR}/${f}`, 'utf8')).join('\n');
const wiring = ['index.ts', 'composed.ts'].map((f) => readFileSync(`${DIR}/${f}`, 'utf8')).join('\n');

describe('worker/storage/lua', () => {
  it('has its scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(35);
  });

  it.each(scripts)('%s: wired in index.ts or composed.ts, typed by its .d.lua.ts, tested here', (script) => {
    expect(wiring).toContain(`'./${script}'`);
    expect(files).toContain(script.replace(/\.lua$/, '.d.lua.ts'));
    expect(testText).toContain(script);
  });
});
