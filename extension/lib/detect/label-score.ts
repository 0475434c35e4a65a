import { findKeywords, type KeywordHit } from './keywords.ts';
import { classifyToken, TOKEN } from './tokens.ts';

/** How far a label reaches: "Your referral code for spring orders: X" still labels X. */
const BEFORE = { strong: 70, weak: 30 };
const AFTER = { strong: 30, weak: 12 };

// Between a label and its code: punctuation, quotes, or a copula ("code is X", "kode adalah X").
const EXPLICIT =
  /^[\s:：=\-–—>→"'“”‘’«»「『【([]*(?:is|adalah|ialah|est|ist|es|é|:|は|为|是)?[\s:：=\-–—>→"'“”‘’«»「『【([]*$/i;
// "Here's my code too btw: jules4fw": a few words, then a colon, still point at what follows.
const COLON_AFTER_WORDS = /^[^\S\n]+(?:[^\s\d.!?:：。！？]+[^\S\n]+){0,3}[^\s\d.!?:：。！？]*[:：][^\S\n]*$/;
// English labels that are plain nouns: followed by a word with only a space between, they form a compound
// ("PROMO CREDIT", "coupon BOOK", "referral BONUS"), not a label and its code ("promo: SPRING"), unless a
// verb asks to use them ("use coupon SPRING"). (Romance, Malay and Indonesian put the noun first: "o cupom X".)
// "…use a referral. mine is danib77": a possessive pronoun stands for the code just named, so it labels
// what follows it as directly as the label would, across a sentence break.
const MINE = new RegExp(
  String.raw`(?:^|[\s.!?,;(])(?:mine(?:'s|’s|\s+is|\s+was)?|here'?s\s+mine|le\s+mien(?:\s+est|\s+c'est)?|` +
    String.raw`la\s+mienne(?:\s+est)?|el\s+m[ií]o(?:\s+es)?|la\s+m[ií]a(?:\s+es)?|o\s+meu(?:\s+é)?|` +
    String.raw`a\s+minha(?:\s+é)?|meiner(?:\s+ist|\s+lautet)?|meine(?:\s+ist|\s+lautet)|punya\s+(?:saya|aku)|punyaku|` +
    String.raw`milik\s+(?:saya|aku)|az\s+enyém|enyém|مال\s+من|الخاص\s+بي|שלי|ของฉัน|私のは|我的是)[^\S\n]*[:：]?[^\S\n]*$`,
  'i',
);
const BARE_NOUN = new Set(['promo', 'coupon', 'voucher', 'referral']);
// "a coupon for <b>TARGET</b>": a token after a preposition is what the label is for, not the code.
const PREPOSITION = /(?:^|\s)(?:at|for|from|on|in|by|of|to|auf|für|bei|pour|chez|de|para|en|di|untuk|dari|à)\s+$/i;
const USE_VERB = /\b(?:use|using|enter|apply|with|redeem|try|add|type|paste)\s+$/i;
// "20% off your next order:", "tu primer pedido": an order in general, not an order number's label.
const ORDER_WORD = new Set(['order', 'orders', 'pedido', 'commande', 'bestellung', 'pesanan', 'compra']);
const ORDER_QUALIFIER = new RegExp(
  String.raw`(?:^|[\s(])(?:first|next|entire|whole|any|every|each|qualifying|minimum|min\.?|primer|primera|` +
    'pr[oó]xim[oa]|primeir[oa]|premi[eè]re?|prochaine?|erste[nr]?|n[aä]chste[nr]?|jede[nr]?|pertama|' +
    String.raw`berikutnya|seterusnya)\s+$`,
  'i',
);
// A value a decoy label is labelling: a number or a token with a digit.
const VALUE = /(?<![\p{L}\p{N}])[\p{L}\p{N}#][\p{L}\p{N}_\-/#.]*\d[\p{L}\p{N}_\-/#.]*/u;
// A list of codes after one label: "codes: AAA111, BBB222 or CCC333".
const LIST =
  /^[\s,;/|·•:：、，]*(?:(?:or|and|atau|dan|ou|o|y|e|und|oder|vagy|és|או|و|یا|หรือ|または|或)[\s,;/|·•、，]*)*$/i;

export interface LabelScore {
  /** Negative: a decoy label (order, tracking...) is the nearest one. */
  score: number;
  /** Nothing but punctuation or a copula between the label and the token ("code: X", "code is X"). */
  explicit: boolean;
  /** A strong label shortly before, in the same sentence, with no other code between ("a promo this month, X"). */
  near: boolean;
}

/**
 * The label evidence for the token at [start, end) of `text`, from `hits` (all keywords of `text`, in
 * order: found once per page, not per token): the nearest keyword before it (or, failing that, just
 * after it) decides. A decoy nearer than any positive label rejects the token. `shown` says whether
 * a hit is visible (checked only for the few hits near a candidate).
 */
export function labelScore(
  text: string,
  hits: readonly KeywordHit[],
  start: number,
  end: number,
  shown: (hit: KeywordHit) => boolean = () => true,
): LabelScore {
  // First hit at or after `end`; everything before it that ends by `start` precedes the token.
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.start < end) lo = mid + 1;
    else hi = mid;
  }
  const before = labelBefore(text, hits, lo, start, shown);
  if (before === 'decoy') return { score: -1, explicit: false, near: false };
  if (before) return labelledBy(text, before.label, before.best, start);
  const after = hits[lo];
  if (after && after.start - end <= AFTER.strong && shown(after)) {
    // A decoy in a later block followed by its own value ("\nOrder ID 4471") labels that value, not the token.
    if (after.kind === 'decoy')
      return { score: ownValueAfter(text, end, after) ? 0 : -1, explicit: false, near: false };
    if (after.start - end <= AFTER[after.kind])
      return { score: after.kind === 'strong' ? 0.45 : 0.25, explicit: false, near: false };
  }
  return { score: 0, explicit: false, near: false };
}

/**
 * The nearest positive label before the token (hits before index `lo`, nearest first) and the best
 * weight among the labels in reach; 'decoy' when a decoy is nearer and labels the token; null for none.
 */
function labelBefore(
  text: string,
  hits: readonly KeywordHit[],
  lo: number,
  start: number,
  shown: (hit: KeywordHit) => boolean,
): { label: KeywordHit; best: number } | 'decoy' | null {
  let best = 0;
  // The nearest positive label: what stands between it and the token says how direct the labelling is.
  let label: KeywordHit | undefined;
  for (let i = lo - 1; i >= 0; i--) {
    const hit = hits[i]!;
    if (hit.end > start) continue;
    if (start - hit.end > BEFORE.strong) break;
    // "… at checkout" labels the code before it ("use GRIND20 at checkout"), not the next token.
    if (hit.trailing || !shown(hit)) continue;
    if (
      hit.kind === 'decoy' &&
      ORDER_WORD.has(text.slice(hit.start, hit.end).toLowerCase()) &&
      ORDER_QUALIFIER.test(text.slice(Math.max(0, hit.start - 14), hit.start))
    )
      continue;
    if (hit.kind === 'decoy') {
      // A decoy labels the value right after it: "Offer ID 771203" does not reach into the next block.
      if (!label && !decoyConsumed(text.slice(hit.end, start))) return 'decoy';
      break;
    }
    const distance = start - hit.end;
    const weight = hit.kind === 'strong' ? 0.55 : distance <= BEFORE.weak ? 0.4 : 0;
    if (!weight) continue;
    best = Math.max(best, weight);
    label ??= hit;
  }
  return label ? { label, best } : null;
}

/** How directly `label` (the nearest positive label before the token at `start`) labels it. */
function labelledBy(text: string, label: KeywordHit, best: number, start: number): LabelScore {
  const gap = text.slice(label.end, start);
  const compound =
    /^[^\S\n]+$/.test(gap) &&
    BARE_NOUN.has(text.slice(label.start, label.end).toLowerCase()) &&
    !USE_VERB.test(text.slice(Math.max(0, label.start - 12), label.start));
  const explicit = !compound && EXPLICIT.test(gap);
  if (explicit) return { score: best + 0.15, explicit, near: label.kind === 'strong' };
  const others = othersBetween(gap);
  if (!others && label.kind === 'strong' && MINE.test(gap) && !/\n/.test(gap))
    return { score: best + 0.15, explicit: true, near: true };
  const colon = !others && gap.length <= 28 && COLON_AFTER_WORDS.test(gap) ? 0.1 : 0;
  const near =
    label.kind === 'strong' &&
    !compound &&
    !others &&
    start - label.end <= BEFORE.weak &&
    !/[.!?。！？\n]/.test(gap) &&
    !PREPOSITION.test(gap);
  return { score: best + colon - others, explicit: false, near };
}

/** The decoy after the token starts a new block and is followed by its own value on its line. */
function ownValueAfter(text: string, end: number, decoy: KeywordHit): boolean {
  if (!text.slice(end, decoy.start).includes('\n')) return false;
  const line = text.slice(decoy.end, decoy.end + 24).split('\n')[0]!;
  return /^[\s:：#.\-–—]*\S*\d/.test(line);
}

/** The decoy's own value stands between it and the token, and a new block starts after that value. */
function decoyConsumed(gap: string): boolean {
  const value = VALUE.exec(gap);
  return value !== null && gap.indexOf('\n', value.index + value[0].length) >= 0;
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
  return {
    strong: hits.some((h) => h.kind === 'strong'),
    weak: hits.some((h) => h.kind === 'weak' && !h.trailing),
    decoy: hits.some((h) => h.kind === 'decoy'),
  };
}
