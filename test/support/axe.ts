import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0-2.2 A and AA (target size included) and Deque's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface AxeRun {
  violations: AxeViolation[];
  /** Nodes that passed a rule: a run that passed none looked at nothing. */
  passed: number;
  /** Of those, nodes inside a shadow root (their target is a path: [host selector, selector within]). */
  passedInShadow: number;
}

/**
 * axe-core on `context` (axe's include/exclude). The source is evaluated through the DevTools
 * protocol, so a strict CSP does not stop it; `define`, `module` and `exports` are shadowed so a
 * page with an AMD loader cannot capture axe's parts.
 */
export async function runAxe(page: Page, context: unknown, options: Record<string, unknown> = {}): Promise<AxeRun> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.evaluate(`(function (define, module, exports) {\n${await axeSource}\n})()`);
  return page.evaluate(
    async ({ context, options, tags }) => {
      type Node = { target: unknown[]; failureSummary?: string };
      type Rule = { id: string; impact: string | null; help: string; nodes: Node[] };
      const axe = (
        window as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<{ violations: Rule[]; passes: Rule[] }> };
        }
      ).axe;
      const result = await axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'passes'],
        ...options,
      });
      const nodes = result.passes.flatMap((rule) => rule.nodes);
      return {
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
        })),
        passed: nodes.length,
        passedInShadow: nodes.filter((node) => Array.isArray(node.target[0])).length,
      };
    },
    { context, options, tags: AXE_TAGS },
  );
}
