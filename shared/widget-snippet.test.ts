import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { widgetSnippet } from './widget-snippet.ts';

const README = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('the widget snippet', () => {
  it('is exactly what README gives under "Embedding the widget"', () => {
    const section = README.slice(README.indexOf('## Embedding the widget'));
    const block = /```html\n([\s\S]*?)\n```/.exec(section);
    expect(block?.[1]).toBe(widgetSnippet('https://<worker>', 'pk_live_…'));
  });

  it('is one external script tag: nothing inline for a strict CSP to block', () => {
    const snippet = widgetSnippet('https://vouch.example', 'pk_test_x');
    expect(snippet.match(/<script\b/g)).toHaveLength(1);
    expect(snippet).toBe('<script async src="https://vouch.example/widget/loader.js" data-key="pk_test_x"></script>');
  });
});
