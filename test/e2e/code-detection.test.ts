import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../extension/lib/detect/scan-page.ts';
import { bundleForPage } from '../../scripts/lib/bundle-for-page.ts';
import { describeBrowser, launchBrowser } from '../support/browser.ts';

/**
 * "Grab codes from any page" (issue 7) against the fixture corpus, in real Chromium: the detector is
 * bundled as the extension injects it (one self-contained script), run on each page as served over
 * HTTP, and scored against what the pages' expected.json says a person would call a code or a
 * referral link there. Budget: precision >= 0.9 and recall >= 0.9, micro-averaged over the corpus.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = resolve(ROOT, 'test/fixtures');
// The first folder holds the pages the detector was tuned on, including a first held-out set that was
// scored blind once (precision 0.935, recall 0.784) and then used to improve the rules; the second
// was written by another engineer, never seen by whoever changed the detector; the third (shadow DOM,
// iframes, late codes, handles) was written before the detector learned to read them, scored blind once
// and never tuned on: see its README.md. The fourth was written by a session that never saw the detector's
// rules, measured once and is never tuned on: its figure is reported, not budgeted on its own (README.md).
const CORPORA = ['extension-pages', 'extension-pages-holdout2', 'extension-pages-holdout3', 'extension-pages-holdout4'];
// Served under a made-up origin through request interception: relative links resolve as on a real site.
const ORIGIN = 'https://pages.fixtures.test';
const FRAME = new RegExp(`^(?:${CORPORA.join('|')})/frames/[a-z0-9-]+\\.html$`);

interface PageSpec {
  expected: string[];
  vouchLinks?: string[];
  mustNotReport: string[];
  /** Written without access to the detector; the first set was later used to improve it. */
  holdout?: boolean;
  /** Which folder (set by the loader): the second, third and fourth are held-out sets. */
  corpus?: string;
  /** The page adds its code after load: the scan runs this long after the load event, as a person clicks. */
  scanAfterMs?: number;
}
interface Corpus {
  vouchOrigins: string[];
  pages: Record<string, PageSpec>;
}
interface PageResult {
  file: string;
  findings: Finding[];
  unchanged: boolean;
  ms: number;
}

const isLink = (value: string) => /^https?:\/\//i.test(value);
// Links compare URL-normalised; codes exactly (case included).
const canonical = (value: string) => (isLink(value) ? new URL(value).href : value);

let browser: Browser;
let context: BrowserContext;
let corpus: Corpus;
const results: PageResult[] = [];
/** Pages that add their code after load: the findings of a scan at the load event. */
const atLoad = new Map<string, Finding[]>();

describeBrowser('code detection on the fixture corpus, in real Chromium', () => {
  beforeAll(async () => {
    corpus = { vouchOrigins: [], pages: {} };
    for (const dir of CORPORA) {
      const part = JSON.parse(await readFile(resolve(FIXTURES, dir, 'expected.json'), 'utf8')) as Corpus;
      corpus.vouchOrigins = [...new Set([...corpus.vouchOrigins, ...part.vouchOrigins])];
      for (const [file, spec] of Object.entries(part.pages)) corpus.pages[`${dir}/${file}`] = { ...spec, corpus: dir };
    }
    const detector = await bundleForPage('extension/lib/detect/scan-page.ts', '__vouchDetect');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === ORIGIN ? decodeURIComponent(url.pathname.slice(1)) : '';
      // A page, or a document a page frames (same origin: the detector may read it).
      if (file && (Object.hasOwn(corpus.pages, file) || FRAME.test(file))) {
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: await readFile(resolve(FIXTURES, file)),
        });
      } else await route.fulfill({ status: 404, body: '' });
    });
    const page = await context.newPage();
    for (const file of Object.keys(corpus.pages)) {
      await page.goto(`${ORIGIN}/${file}`, { waitUntil: 'load' });
      const later = corpus.pages[file]!.scanAfterMs;
      if (later) {
        // What a scan at the load event would see, then the scan a person's click starts later.
        await page.evaluate(detector);
        atLoad.set(file, (await page.evaluate(`__vouchDetect.scanPage(document, { vouchOrigins: [] })`)) as Finding[]);
        await page.waitForTimeout(later);
      }
      await page.evaluate(detector);
      const run = (await page.evaluate(`(() => {
        const before = document.documentElement.outerHTML;
        const t0 = performance.now();
        const findings = __vouchDetect.scanPage(document, { vouchOrigins: ${JSON.stringify(corpus.vouchOrigins)} });
        const ms = performance.now() - t0;
        return { findings, ms, unchanged: document.documentElement.outerHTML === before };
      })()`)) as Omit<PageResult, 'file'>;
      results.push({ file, ...run });
    }
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds the corpus codes and links with precision and recall >= 0.9 (micro-averaged)', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const groups: Record<string, { pages: number; tp: number; fp: number; fn: number }> = {};
    const groupOf = (spec: PageSpec) =>
      spec.corpus === CORPORA[3]
        ? 'fourth held-out set (written blind to the rules, measured once, never tuned on)'
        : spec.corpus === CORPORA[2]
          ? 'third held-out set (shadow DOM, iframes, late codes, handles; never tuned on)'
          : spec.corpus === CORPORA[1]
            ? 'second held-out set (blind 0.909 / 0.833, then one round of general rules)'
            : spec.holdout
              ? 'first held-out set (scored blind once, then tuned on)'
              : 'tuning pages';
    const heldOut = (spec: PageSpec) =>
      spec.corpus === CORPORA[3]
        ? 'fourth'
        : spec.corpus === CORPORA[2]
          ? 'third'
          : spec.corpus === CORPORA[1]
            ? 'second'
            : spec.holdout
              ? 'first'
              : '';
    const rows: Record<string, string | number>[] = [];
    for (const { file, findings, ms } of results) {
      const expected = new Set(corpus.pages[file]!.expected.map(canonical));
      const reported = new Set(findings.map((f) => canonical(f.value)));
      const hits = [...reported].filter((v) => expected.has(v));
      const wrong = [...reported].filter((v) => !expected.has(v));
      const missed = [...expected].filter((v) => !reported.has(v));
      tp += hits.length;
      fp += wrong.length;
      fn += missed.length;
      const groupName = groupOf(corpus.pages[file]!);
      const group = groups[groupName] ?? { pages: 0, tp: 0, fp: 0, fn: 0 };
      groups[groupName] = group;
      group.pages += 1;
      group.tp += hits.length;
      group.fp += wrong.length;
      group.fn += missed.length;
      rows.push({
        page: file,
        holdout: heldOut(corpus.pages[file]!),
        expected: expected.size,
        found: hits.length,
        'false +': wrong.join(' ') || '-',
        missed: missed.join(' ') || '-',
        ms: Number(ms.toFixed(1)),
      });
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.table(rows);
    console.log(
      `code detection: ${results.length} pages, ${tp + fn} expected, ${tp} found, ${fp} false ` +
        `positives, ${fn} missed → precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    // Each group alone, for information: the budget below applies to the whole corpus.
    for (const [name, g] of Object.entries(groups)) {
      console.log(
        `code detection, ${name}: ${g.pages} pages, ${g.tp + g.fn} expected, ${g.tp} ` +
          `found, ${g.fp} false positives, ${g.fn} missed → precision ` +
          `${(g.tp / (g.tp + g.fp)).toFixed(3)}, recall ${(g.tp / (g.tp + g.fn)).toFixed(3)}`,
      );
    }
    expect(results).toHaveLength(Object.keys(corpus.pages).length);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  // Every page, the final held-out set included. Its blind measurement (12 pages, before the detector
  // had seen them) was precision 0.909, recall 0.833; the set was then used for one improvement round.
  // Not the fourth held-out set: as the second was while blind, its decoys count as false positives above.
  it('never reports a hidden code or a decoy (order, tracking, invoice, SKU, captcha...)', () => {
    for (const { file, findings } of results.filter((r) => corpus.pages[r.file]!.corpus !== CORPORA[3])) {
      const reported = findings.map((f) => canonical(f.value));
      const forbidden = corpus.pages[file]!.mustNotReport.map(canonical);
      expect({ file, reported: reported.filter((v) => forbidden.includes(v)) }).toEqual({ file, reported: [] });
    }
  });

  it('flags links on a Vouch origin as Vouch links, and no other', () => {
    for (const { file, findings } of results) {
      const vouch = new Set((corpus.pages[file]!.vouchLinks ?? []).map(canonical));
      for (const f of findings)
        expect({ file, value: f.value, vouch: f.vouch }).toEqual({
          file,
          value: f.value,
          vouch: vouch.has(canonical(f.value)),
        });
    }
  });

  it('returns findings sorted by score, one per value, each with its context', () => {
    for (const { findings } of results) {
      const scores = findings.map((f) => f.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const keys = findings.map((f) => `${f.kind}:${f.kind === 'code' ? f.value.toUpperCase() : f.value}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const f of findings) {
        expect(f.kind).toBe(isLink(f.value) ? 'link' : 'code');
        expect(f.context.length).toBeGreaterThan(0);
        expect(f.context.length).toBeLessThanOrEqual(120);
      }
    }
  });

  it('reads open shadow roots (nested, slotted) and same-origin iframes, not a hidden frame or shadow content', () => {
    const pages = results.filter((r) => /^extension-pages\/(?:shadow|iframe)-/.test(r.file));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const { file, findings } of pages) {
      const found = findings.map((f) => canonical(f.value));
      const expected = corpus.pages[file]!.expected.map(canonical);
      expect({ file, found: expected.filter((v) => found.includes(v)) }).toEqual({ file, found: expected });
    }
  });

  it('finds a code a page inserts after load when the scan runs later, on user action, as the extension scans', () => {
    expect(atLoad.size).toBeGreaterThanOrEqual(2);
    for (const [file, early] of atLoad) {
      const expected = corpus.pages[file]!.expected.map(canonical);
      const late = results.find((r) => r.file === file)!.findings.map((f) => canonical(f.value));
      const present = early.map((f) => canonical(f.value)).filter((v) => expected.includes(v));
      const later = expected.filter((v) => late.includes(v));
      // At the load event the code is not there yet (so the page really is late); at the click it is.
      expect({ file, atLoad: present }).toEqual({ file, atLoad: [] });
      // All of them on the tuning pages; the held-out set's page is only scored (its miss is its figure).
      if (corpus.pages[file]!.corpus === CORPORA[0]) expect({ file, later }).toEqual({ file, later: expected });
      else if (corpus.pages[file]!.corpus !== CORPORA[3]) expect(later.length).toBeGreaterThan(0);
      // The fourth held-out set's late pages: only that they are late (above); what is found is its figure.
    }
  });

  it('leaves the page exactly as it found it', () => {
    for (const { file, unchanged } of results) expect({ file, unchanged }).toEqual({ file, unchanged: true });
  });
});
