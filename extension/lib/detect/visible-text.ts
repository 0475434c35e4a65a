import { composedParent, hostOf, NEVER, type Scope, walkComposed } from './composed-tree.ts';

/**
 * The page's text as one string (open shadow roots and same-origin frames included, where they are
 * rendered), with a map back to the elements it came from. Visibility is checked
 * lazily, only for the elements a finding or its label comes from (cached per element): checking every
 * text-holding element of a 10,000-element page costs more than the rest of the scan. Nothing is
 * written to the page: caches live in Maps, not on elements.
 */
export interface VisibleText {
  /**
   * Text outside never-rendered elements (visibility is checked per use), whitespace collapsed, blocks
   * separated by "\n".
   */
  text: string;
  /** Offset in `text` where each text node's contribution starts (ascending). */
  starts: number[];
  /** The element holding each text node. */
  elements: Element[];
  /** Every tree the text was read from (the document, open shadow roots, same-origin frames' documents). */
  scopes: Scope[];
}

// Elements that flow inside a line: text on either side of them belongs to the same block.
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
  'INS',
  'DEL',
  'OUTPUT',
]);

export type IsVisible = (el: Element) => boolean;

const CLOSED = '[aria-hidden="true"], [inert]';

/**
 * An aria-hidden element that is on screen as a decorative strip: a ticker or marquee (one clipped line,
 * or animated), whose text is aria-hidden because it repeats, not because it is not for people to see.
 * Rendered with a real size, inside the page's horizontal extent and not clipped away by an ancestor.
 * Plain aria-hidden blocks stay hidden: authors also use aria-hidden to hide text they do not mean to show.
 */
function decorativeStrip(el: Element): boolean {
  // The element's own window: an element of a framed document is styled by the frame.
  const getComputedStyle = (e: Element) => (e.ownerDocument.defaultView ?? window).getComputedStyle(e);
  const style = getComputedStyle(el);
  const strip =
    (style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre') &&
    (style.overflowX === 'hidden' || style.overflowX === 'clip');
  if (
    !strip &&
    style.animationName === 'none' &&
    !(el.firstElementChild && getComputedStyle(el.firstElementChild).animationName !== 'none')
  )
    return false;
  const box = el.getBoundingClientRect();
  if (box.width < 16 || box.height < 8) return false;
  const doc = el.ownerDocument.documentElement;
  const left = box.left + (el.ownerDocument.defaultView?.scrollX ?? 0);
  if (box.right <= 0 || left >= Math.max(doc.scrollWidth, doc.clientWidth)) return false;
  if (style.clipPath !== 'none' || (style.clip !== 'auto' && style.clip !== '')) return false;
  for (let a = el.parentElement; a && a !== doc; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    const r = a.getBoundingClientRect();
    if (
      r.width < 16 ||
      r.height < 8 ||
      r.right <= box.left ||
      r.left >= box.right ||
      r.bottom <= box.top ||
      r.top >= box.bottom
    )
      return false;
  }
  return true;
}

/**
 * Visibility per element, memoised: display:none (self or ancestor), visibility:hidden, inert, aria-hidden
 * (unless a decorative strip on screen), across shadow roots and, for a framed document, its frame's own.
 */
export function visibilityOf(scopes: readonly Scope[]): IsVisible {
  const cache = new Map<Element, boolean>();
  // aria-hidden and inert hide whole subtrees; most pages have few, often none.
  const anyClosed = scopes.some((s) => s.querySelector(CLOSED) !== null);
  const closedCache = new Map<Element, boolean>();
  const frames = new Map<Document, Element | null>();
  const frameOf = (doc: Document): Element | null => {
    let frame = frames.get(doc);
    if (frame === undefined) {
      frame = doc === scopes[0] ? null : hostOf(doc);
      frames.set(doc, frame);
    }
    return frame;
  };
  // Every aria-hidden or inert ancestor must be a decorative strip on screen (cached per ancestor);
  // `closest` stops at a shadow root or a document, so the walk goes on from the host or the frame.
  const closed = (el: Element): boolean => {
    for (let at: Element | null = el; at; ) {
      const c = at.closest(CLOSED);
      if (!c) {
        at = hostOf(at);
        continue;
      }
      let hidden = closedCache.get(c);
      if (hidden === undefined) {
        hidden = c.hasAttribute('inert') || c.getAttribute('aria-hidden') !== 'true' || !decorativeStrip(c);
        closedCache.set(c, hidden);
      }
      if (hidden) return true;
      at = composedParent(c);
    }
    return false;
  };
  const styled = (el: Element): boolean => {
    if (typeof el.checkVisibility === 'function') {
      if (!el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true })) return false;
      // checkVisibility stops at its own document: a framed one is seen only if its frame is.
      const frame = frameOf(el.ownerDocument);
      return !frame || shown(frame);
    }
    // Older engines: computed style of the element and, through the cache, of its ancestors.
    const style = (el.ownerDocument.defaultView ?? window).getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse') return false;
    const parent = composedParent(el);
    return !parent || shown(parent);
  };
  // Frames and shadow hosts are never text themselves but must be shown for their content to be.
  const shown = (el: Element): boolean => {
    let v = cache.get(el);
    if (v === undefined) {
      v = !(anyClosed && closed(el)) && styled(el);
      cache.set(el, v);
    }
    return v;
  };
  return (el) => !NEVER.has(el.tagName) && shown(el);
}

// Custom elements (web components) are inline unless their style says otherwise, like a span.
const inline = (el: Element) => INLINE.has(el.tagName) || el.tagName.includes('-');

export function readVisibleText(root: Document): VisibleText {
  const blocks = new Map<Element, Element>();
  const blockOf = (el: Element): Element => {
    let block = blocks.get(el);
    if (!block) {
      const parent = inline(el) ? composedParent(el) : null;
      block = parent ? blockOf(parent) : el;
      blocks.set(el, block);
    }
    return block;
  };
  const parts: string[] = [];
  const starts: number[] = [];
  const elements: Element[] = [];
  let length = 0;
  let lastBlock: Element | null = null;
  let lastElement: Element | null = null;
  let endsWithSpace = true;
  const scopes = walkComposed(root, root.body ?? root.documentElement, (node) => {
    const data = node.nodeValue!;
    if (!/\S/.test(data)) return;
    // Text at the top of a shadow root belongs to its host.
    const el = node.parentElement ?? hostOf(node);
    if (!el || NEVER.has(el.tagName)) return;
    const block = blockOf(el);
    let piece = data.replace(/\s+/g, ' ');
    if (block !== lastBlock) {
      if (length) piece = `\n${piece.trimStart()}`;
    } else if (!endsWithSpace && piece[0] !== ' ' && (el !== lastElement || node.previousSibling?.nodeName === 'BR')) {
      // Neighbouring elements are usually set apart by CSS (flex items, badges); a line break is.
      piece = ` ${piece}`;
    }
    starts.push(length);
    elements.push(el);
    parts.push(piece);
    length += piece.length;
    endsWithSpace = piece.endsWith(' ');
    lastBlock = block;
    lastElement = el;
  });
  return { text: parts.join(''), starts, elements, scopes };
}

/** Index of the text node whose text covers `offset` (binary search over the starts). */
function segmentAt(map: VisibleText, offset: number): number {
  let lo = 0;
  let hi = map.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function elementAt(map: VisibleText, offset: number): Element | undefined {
  return map.elements[segmentAt(map, offset)];
}

/**
 * About `width` characters of visible text centred on [start, end), on one line: neighbouring text
 * from hidden elements is left out.
 */
export function visibleExcerpt(map: VisibleText, isVisible: IsVisible, start: number, end: number, width = 80): string {
  const room = Math.max(0, width - (end - start)) / 2;
  const index = segmentAt(map, start);
  const segment = (i: number) => map.text.slice(map.starts[i], map.starts[i + 1] ?? map.text.length);
  let before = map.text.slice(map.starts[index], start);
  for (let i = index - 1; i >= 0 && before.length < room; i--)
    if (isVisible(map.elements[i]!)) before = segment(i) + before;
  const last = segmentAt(map, end - 1);
  let after = map.text.slice(end, map.starts[last + 1] ?? map.text.length);
  for (let i = last + 1; i < map.starts.length && after.length < room; i++)
    if (isVisible(map.elements[i]!)) after += segment(i);
  const head = before.length > room ? `…${before.slice(before.length - Math.floor(room))}` : before;
  const tail = after.length > room ? `${after.slice(0, Math.ceil(room))}…` : after;
  return `${head}${map.text.slice(start, end)}${tail}`.replace(/\s+/g, ' ').trim();
}
