/**
 * "Grab codes from any page" (issue 7): finds referral, invite and promo codes and referral links in
 * what the page shows. Injected with chrome.scripting.executeScript on a user action, so it imports
 * nothing outside this folder, reads the page and never writes to it.
 */

import type { Scope } from './composed-tree.ts';
import { type Finding, Findings, REPORT_AT } from './findings.ts';
import { linkedName, namedBefore, pageHandles, profileHandle } from './handles.ts';
import { AFFILIATE_WORDS, COPY_WORDS, findKeywords, type KeywordHit } from './keywords.ts';
import { labelScore, labelsIn } from './label-score.ts';
import { classifyLink, normalizeOrigins, TEXT_URL, trimUrl, wordParam } from './links.ts';
import { codeBox, hasCopyButton, setApart, structureScore } from './structure.ts';
import { classifyToken, isShouted, TOKEN, type TokenShape } from './tokens.ts';
import {
  elementAt,
  type IsVisible,
  readVisibleText,
  type VisibleText,
  visibilityOf,
  visibleExcerpt,
} from './visible-text.ts';

export type { Finding } from './findings.ts';

export interface ScanOptions {
  /**
   * Origins of the Vouch deployments the advocate uses (from the wallet): their /r/{code} links are flagged
   * `vouch`.
   */
  vouchOrigins?: string[];
}

const SHAPE: Record<TokenShape, number> = { mixed: 0.15, 'upper-word': 0, 'lower-digits': -0.1 };
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

// Attributes sites put codes in; the first group names a code outright, the second copies anything.
const CODE_ATTRS = [
  'data-code',
  'data-coupon',
  'data-coupon-code',
  'data-promo',
  'data-promo-code',
  'data-referral-code',
  'data-ref-code',
  'data-invite-code',
  'data-voucher',
  'data-voucher-code',
];
const COPY_ATTRS = ['data-clipboard-text', 'data-copy', 'data-copy-text', 'data-clipboard'];
const ATTR_SELECTOR = `${[...CODE_ATTRS, ...COPY_ATTRS].map((a) => `[${a}]`).join(',')},input[readonly]`;
const WHOLE_TOKEN = new RegExp(`^${TOKEN.source}$`);

export function scanPage(root: Document, options: ScanOptions = {}): Finding[] {
  const origins = normalizeOrigins(options.vouchOrigins);
  const page = readVisibleText(root);
  const isVisible = visibilityOf(page.scopes);
  const findings = new Findings();
  const hits = findKeywords(page.text);
  const shown = (hit: KeywordHit) => isVisible(elementAt(page, hit.start)!);
  // A page that says it earns from its links (reviews, deal sites): its outbound ?ref= tags are affiliate
  // links. Read only if a link needs it.
  let disclosed: boolean | undefined;
  const affiliate = () => (disclosed ??= AFFILIATE_WORDS.test(page.text));
  const masked = scanTextLinks(page, hits, shown, isVisible, origins, affiliate, findings);
  // A page about referral codes (a forum thread, a coupon site): a token set apart is likelier a code.
  const topic = labelsIn(`${root.title} ${root.querySelector('h1')?.textContent ?? ''}`).strong ? 0.1 : 0;
  // Handles the page shows (profile links, @names): read only if a token needs it.
  let handles: Set<string> | undefined;
  const isHandle = (token: string) => {
    handles ??= pageHandles(page.text, page.scopes);
    return handles.has(token.toLowerCase());
  };
  scanTextCodes(page, hits, shown, isVisible, masked, topic, isHandle, findings);
  scanAttributes(page.scopes, isVisible, origins, findings);
  scanAnchors(page.scopes, isVisible, origins, affiliate, findings);
  return findings.sorted();
}

/** URLs written in the text; returns the text with them (and emails) blanked so their parts are not read as codes. */
function scanTextLinks(
  page: VisibleText,
  hits: readonly KeywordHit[],
  shown: (hit: KeywordHit) => boolean,
  isVisible: IsVisible,
  origins: ReadonlySet<string>,
  affiliate: () => boolean,
  findings: Findings,
): string {
  const { text } = page;
  const blanks: [number, number][] = [];
  const blank = (start: number, end: number) => blanks.push([start, end]);
  for (const m of text.matchAll(TEXT_URL)) {
    const raw = trimUrl(m[0]);
    blank(m.index, m.index + m[0].length);
    const at = elementAt(page, m.index)!;
    if (!isVisible(at)) continue;
    const base = at.baseURI; // a framed document's own
    const label = labelScore(text, hits, m.index, m.index + raw.length, shown);
    const url = /^https?:/i.test(raw) ? raw : `https://${raw}`;
    const link = classifyLink(url, base, origins, {
      labelled: label.score >= 0.45,
      affiliate: wordParam(url) && affiliate(),
    });
    if (!link) continue;
    findings.add({
      kind: 'link',
      value: link.href,
      context: visibleExcerpt(page, isVisible, m.index, m.index + raw.length),
      score: link.strength + Math.max(0, Math.min(label.score, 0.3)),
      vouch: link.vouch,
    });
  }
  for (const m of text.matchAll(EMAIL)) blank(m.index, m.index + m[0].length);
  if (!blanks.length) return text;
  blanks.sort((a, b) => a[0] - b[0]);
  let masked = '';
  let at = 0;
  for (const [start, end] of blanks) {
    if (end <= at) continue;
    masked += text.slice(at, Math.max(at, start)) + ' '.repeat(end - Math.max(at, start));
    at = end;
  }
  return masked + text.slice(at);
}

function scanTextCodes(
  page: VisibleText,
  hits: readonly KeywordHit[],
  shown: (hit: KeywordHit) => boolean,
  isVisible: IsVisible,
  masked: string,
  topic: number,
  isHandle: (token: string) => boolean,
  findings: Findings,
): void {
  const { text } = page;
  for (const m of masked.matchAll(TOKEN)) {
    const token = m[0];
    const shape = classifyToken(token);
    const start = m.index;
    const end = start + token.length;
    if (!shape.code) {
      if (shape.reason === 'word' && blockAlone(masked, start, end) && /^[A-Za-z]+$/.test(token))
        scanBoxedWord(page, hits, shown, isVisible, token, start, end, topic, findings);
      continue;
    }
    const label = labelScore(text, hits, start, end, shown);
    if (label.score < 0) continue;
    // Upper-case words are codes only right after their label ("use code SPRING") or set apart shortly
    // after one in the same sentence ("a promo this month, <b>GREENWEEK</b>"), never in a banner; or
    // shown alone in a code box.
    if (shape.shape === 'upper-word' && !label.explicit) {
      const at = label.near ? elementAt(page, start) : undefined;
      if (!at || !setApart(at, token)) {
        if (blockAlone(masked, start, end))
          scanBoxedWord(page, hits, shown, isVisible, token, start, end, topic, findings);
        continue;
      }
    }
    const el = elementAt(page, start);
    if (!el) continue;
    // Structure can only add to a token that already has a label, or make up for a missing one when strong.
    if (label.score + SHAPE[shape.shape] + 0.7 < 0.5) continue;
    const structure = structureScore(el, token);
    if (structure.score < 0 || !isVisible(el)) continue;
    const score = label.score + SHAPE[shape.shape] + structure.score + (structure.apart ? topic : 0);
    if (score < REPORT_AT) continue;
    // A person's name, not a code: "by Zed1999", a profile link's text, or a handle the page shows elsewhere
    // (unless a label names this very token the code: creator codes are often their creator's handle).
    if (namedBefore(text, start) || linkedName(el, token) || (!label.explicit && isHandle(token))) continue;
    findings.add({
      kind: 'code',
      value: token,
      context: visibleExcerpt(page, isVisible, start, end),
      score,
      vouch: false,
    });
  }
}

/** The token is the whole of its line (its block's only text): how code boxes show a code. */
function blockAlone(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && text[before] === ' ') before--;
  let after = end;
  while (after < text.length && text[after] === ' ') after++;
  return (before < 0 || text[before] === '\n') && (after >= text.length || text[after] === '\n');
}

/**
 * A word without digits (Shipfree, FREESHIP, sunnyday) is a code only when the page shows it as one: alone in
 * an element named as the code box, with a copy button, a label, or a page or card about codes to back it.
 */
function scanBoxedWord(
  page: VisibleText,
  hits: readonly KeywordHit[],
  shown: (hit: KeywordHit) => boolean,
  isVisible: IsVisible,
  token: string,
  start: number,
  end: number,
  topic: number,
  findings: Findings,
): void {
  const el = elementAt(page, start);
  if (!el || !codeBox(el, token) || isShouted(token) || findKeywords(token).length) return;
  const label = labelScore(page.text, hits, start, end, shown);
  if (label.score < 0 || !isVisible(el)) return;
  const copy = hasCopyButton(el);
  const labelled = label.score >= 0.4;
  if (!copy && !labelled && !topic && !cardLabelled(el)) return;
  findings.add({
    kind: 'code',
    value: token,
    context: visibleExcerpt(page, isVisible, start, end),
    score: 0.5 + (copy ? 0.1 : 0) + (labelled ? 0.1 : 0),
    vouch: false,
  });
}

/** The small container around an element (a coupon card) names a code, promo or referral. */
function cardLabelled(el: Element): boolean {
  let card: Element = el;
  for (let i = 0; i < 3 && card.parentElement && (card.parentElement.textContent?.length ?? 0) <= 300; i++)
    card = card.parentElement;
  return card !== el && labelsIn(card.textContent ?? '').strong;
}

/** Short visible-ish text around an element: its own, its label's, and its container's. */
function surroundings(el: Element): string {
  const own = ['aria-label', 'title', 'placeholder', 'name', 'id'].map((a) => el.getAttribute(a) ?? '').join(' ');
  // By tag, not instanceof: an element of a framed document comes from another window's classes.
  const input = el.tagName === 'INPUT' ? (el as HTMLInputElement) : null;
  const labels = input?.labels ? [...input.labels].map((l) => l.textContent ?? '').join(' ') : '';
  let box: Element | null = el;
  for (let i = 0; i < 3 && box?.parentElement && (box.textContent?.trim().length ?? 0) < 20; i++)
    box = box.parentElement;
  const around = (box?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  return `${own} ${labels} ${el.textContent ?? ''} ${around}`.replace(/\s+/g, ' ').trim();
}

function scanAttributes(
  scopes: readonly Scope[],
  isVisible: IsVisible,
  origins: ReadonlySet<string>,
  findings: Findings,
): void {
  for (const el of scopes.flatMap((s) => [...s.querySelectorAll(ATTR_SELECTOR)])) {
    if (!isVisible(el)) continue;
    const named = CODE_ATTRS.find((a) => el.hasAttribute(a));
    const input = el.tagName === 'INPUT' ? (el as HTMLInputElement) : null;
    const attr = named ?? COPY_ATTRS.find((a) => el.hasAttribute(a))!;
    const raw = (input ? input.value : (el.getAttribute(attr) ?? '')).trim();
    if (!raw || raw.length > 2048) continue;
    const context = surroundings(el);
    const labels = labelsIn(context);
    if (/^https?:\/\//i.test(raw)) {
      const link = classifyLink(raw, el.baseURI, origins);
      if (link)
        findings.add({
          kind: 'link',
          value: link.href,
          context: context.slice(0, 80),
          score: link.strength + (labels.strong ? 0.3 : labels.weak ? 0.15 : 0),
          vouch: link.vouch,
        });
      continue;
    }
    if (!WHOLE_TOKEN.test(raw)) continue;
    const shape = classifyToken(raw);
    if (!shape.code) continue;
    // "Copy order number" buttons copy decoys: a decoy label with no positive one rejects.
    if (labels.decoy && !labels.strong) continue;
    const base = named ? 0.5 : input ? 0.2 : 0.25;
    // The element is itself a copy button ("Salin kode", "Copy code").
    const copies = COPY_WORDS.test(
      `${el.textContent ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''}`,
    )
      ? 0.1
      : 0;
    const label = labels.strong ? 0.35 : labels.weak ? 0.2 : 0;
    findings.add({
      kind: 'code',
      value: raw,
      context: context.slice(0, 80),
      score: base + label + copies + SHAPE[shape.shape],
      vouch: false,
    });
  }
}

function codeLikeEnd(href: string): boolean {
  const last = /([^/?#]+)\/?(?:[?#].*)?$/.exec(href)?.[1];
  const token = last ? classifyToken(last) : null;
  return token?.code === true && token.shape !== 'lower-digits';
}

const INLINE_PARENT = new Set(['A', 'SPAN', 'B', 'STRONG', 'EM', 'I', 'SMALL', 'LABEL', 'MARK', 'CODE', 'U', 'FONT']);

/**
 * The text just before an element on its line (previous siblings up to a line break, through inline
 * parents) ends with a strong label, not a decoy: "Mon lien affilié : <a>https://…</a>".
 */
function labelledBefore(el: Element, max = 60): boolean {
  let before = '';
  outer: for (let e: Element = el; before.length < max; ) {
    for (let n = e.previousSibling; n && before.length < max; n = n.previousSibling) {
      if (n.nodeName === 'BR') break outer;
      if (n.nodeType === 1 && !INLINE_PARENT.has(n.nodeName)) break outer;
      before = (n.textContent ?? '') + before;
    }
    const parent = e.parentElement;
    if (!parent || !INLINE_PARENT.has(parent.tagName)) break;
    e = parent;
  }
  const last = findKeywords(before.slice(-max))
    .filter((h) => !h.trailing)
    .pop();
  return last?.kind === 'strong';
}

function scanAnchors(
  scopes: readonly Scope[],
  isVisible: IsVisible,
  origins: ReadonlySet<string>,
  affiliate: () => boolean,
  findings: Findings,
): void {
  for (const a of scopes.flatMap((s) => [...s.querySelectorAll('a[href], area[href]')])) {
    const base = a.baseURI;
    const href = a.getAttribute('href')!;
    if (!/^(?:https?:|\/|\.|\?)/i.test(href) && /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    let link = classifyLink(href, base, origins);
    // A profile (/u/Alice2024, /@kiki) is a person's page, whatever label is near: not a referral link.
    if (link === null && profileHandle(href) !== null) continue;
    // Only a code-like last path segment can make a labelled link of an unknown shape (/p/BUDI2024), and
    // only context can make a referral parameter that is a plain word count (?ref=cleanhomelab).
    if (link === null && !codeLikeEnd(href) && !wordParam(href)) continue;
    if (!isVisible(a)) continue;
    const context = surroundings(a);
    const labels = labelsIn(context);
    // A link whose own text is long (the URL written out) is labelled by the words just before it on its line.
    if (!labels.strong && labelledBefore(a)) labels.strong = true;
    const disclosed = wordParam(href) && (affiliate() || AFFILIATE_WORDS.test(context));
    const said = { labelled: labels.strong, affiliate: disclosed };
    link ??= labels.strong || disclosed ? classifyLink(href, base, origins, said) : null;
    if (!link) continue;
    findings.add({
      kind: 'link',
      value: link.href,
      context: context.slice(0, 80),
      score: link.strength + (labels.strong ? 0.3 : labels.weak ? 0.15 : 0),
      vouch: link.vouch,
    });
  }
}
