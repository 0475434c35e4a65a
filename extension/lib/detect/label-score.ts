import { findKeywords, type KeywordHit } from './keywords.ts';
import { classifyToken, TOKEN } from './tokens.ts';

/** How far a label reaches: "Your referral code for spring orders: X" still labels X. */
const BEFORE = { strong: 70, weak: 30 };
const AFTER = { strong: 30, weak: 12 };

// Between a label and its code: punctuation, quotes, or a copula ("code is X", "kode adalah X").
const EXPLICIT = /^[\s:：=\-–—>→"'“”‘’«»「『【(\[]*(?:is|adalah|ialah|est|ist|es|é|:|は|为|是)?[\s:：=\-–—>→"'“”‘’«»「『【(\[]*$/i;
// A list of codes after one label: "codes: AAA111, BBB222 or CCC333".
const LIST = /^[\s,;/|·•:：、，]*(?:(?:or|and|atau|dan|ou|o|y|e|und|oder|vagy|és|או|و|یا|หรือ|または|或)[\s,;/|·•、，]*)*$/i;

export interface LabelScore {
  /** Negative: a decoy label (order, tracking...) is the nearest one. */
  score: number;
  explicit: boolean;
}

/**
 * The label evidence for the token at [start, end) of `text`, from `hits` (all keywords of `text`, in
 * order: found once per page, not per token): the nearest keyword before it (or, failing that, just
 * after it) decides. A decoy nearer than any positive label rejects the token. `shown` says whether
 * a hit is visible (checked only for the few hits near a candidate).
 */
export function labelScore(text: string, hits: readonly KeywordHit[], start: number, end: number, shown: (hit: KeywordHit) => boolean = () => true): LabelScore {
  // First hit at or after `end`; everything before it that ends by `start` precedes the token.
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.start < end) lo = mid + 1;
    else hi = mid;
  }
  let best = 0;
  // The nearest positive label: what stands between it and the token says how direct the labelling is.
  let label: KeywordHit | undefined;
  for (let i = lo - 1; i >= 0; i--) {
    const hit = hits[i]!;
    if (hit.end > start) continue;
    if (start - hit.end > BEFORE.strong) break;
    if (!shown(hit)) continue;
    if (hit.kind === 'decoy') {
      if (!label) return { score: -1, explicit: false };
      break;
    }
    const distance = start - hit.end;
    const weight = hit.kind === 'strong' ? 0.55 : distance <= BEFORE.weak ? 0.4 : 0;
    if (!weight) continue;
    best = Math.max(best, weight);
    label ??= hit;
  }
  if (label) {
    const gap = text.slice(label.end, start);
    const explicit = EXPLICIT.test(gap);
    return { score: best + (explicit ? 0.15 : 0) - (explicit ? 0 : othersBetween(gap)), explicit };
  }
  const after = hits[lo];
  if (after && after.start - end <= AFTER.strong && shown(after)) {
    if (after.kind === 'decoy') return { score: -1, explicit: false };
    if (after.start - end <= AFTER[after.kind]) return { score: after.kind === 'strong' ? 0.45 : 0.25, explicit: false };
  }
  return { score: 0, explicit: false };
}

/** A label belongs to the first code after it: a later one loses, unless the codes form a list. */
function othersBetween(gap: string): number {
  let rest = gap;
  let found = false;
  for (const m of gap.matchAll(TOKEN)) {
    if (classifyToken(m[0]).code) {
      found = true;
      rest = rest.replace(m[0], ' ');
    }
  }
  return found && !LIST.test(rest) ? 0.35 : 0;
}

/** Positive and decoy labels anywhere in a short text (an element's label, its container's text). */
export function labelsIn(text: string): { strong: boolean; weak: boolean; decoy: boolean } {
  const hits = findKeywords(text);
  return { strong: hits.some((h) => h.kind === 'strong'), weak: hits.some((h) => h.kind === 'weak'), decoy: hits.some((h) => h.kind === 'decoy') };
}
