/**
 * The page as a person sees it, not only as the top document's tree holds it: the content of open
 * shadow roots (web components, nested ones included) in place of their hosts' light children, slotted
 * nodes where their slot is, and the documents of same-origin iframes. Closed shadow roots and
 * cross-origin frames cannot be read, by design of the platform; they are left out.
 */

/** A tree to query for elements: the top document, an open shadow root, a same-origin frame's document. */
export type Scope = Document | ShadowRoot;

// Never rendered as page text (template content is not in the tree at all; textarea and select hold
// what the user types or picks, not what the page says). Frames are read through their document.
export const NEVER = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'TEXTAREA',
  'SELECT',
  'OPTION',
  'HEAD',
  'TITLE',
  'IFRAME',
  'FRAME',
  'OBJECT',
]);
const FRAMES = new Set(['IFRAME', 'FRAME']);
const SHOW = 0x1 | 0x4; // NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT

/** The document of a same-origin frame; null for a cross-origin one (reading it throws or gives null). */
function frameDocument(el: Element): Document | null {
  try {
    return (el as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null;
  }
}

/** Where an element is rendered: its slot, its parent, or, at the top of a shadow root, its host. */
export function composedParent(el: Element): Element | null {
  return el.assignedSlot ?? el.parentElement ?? hostOf(el);
}

/** The element a tree hangs from: a shadow root's host, or a framed document's frame element. */
export function hostOf(node: Node): Element | null {
  const root = node.getRootNode();
  if ('host' in root) return (root as ShadowRoot).host;
  const view = (root as Document).defaultView;
  try {
    return view && view !== view.parent ? view.frameElement : null;
  } catch {
    return null;
  }
}

interface Visitor {
  text(node: Text): void;
  scopes: Scope[];
}

/** Elements whose rendered content is not their children: a shadow host, a slot, a frame, or nothing at all. */
function special(el: Element): boolean {
  if (el.shadowRoot !== null) return true;
  const tag = el.tagName;
  return tag === 'SLOT' || NEVER.has(tag);
}

function visit(el: Element, v: Visitor): void {
  if (el.shadowRoot) {
    v.scopes.push(el.shadowRoot);
    children(el.shadowRoot, v);
    return;
  }
  if (el.tagName === 'SLOT') {
    const assigned = (el as HTMLSlotElement).assignedNodes();
    if (!assigned.length) {
      children(el, v); // the slot's fallback content
      return;
    }
    for (const node of assigned) {
      if (node.nodeType === 3) v.text(node as Text);
      else if (node.nodeType === 1) visitElement(node as Element, v);
    }
    return;
  }
  if (FRAMES.has(el.tagName)) {
    const doc = frameDocument(el);
    if (doc?.body) {
      v.scopes.push(doc);
      visitElement(doc.body, v);
    }
  }
}

function visitElement(el: Element, v: Visitor): void {
  if (special(el)) visit(el, v);
  else children(el, v);
}

/** Text nodes under `root` in rendering order; a TreeWalker does the plain stretches (most of any page). */
function children(root: Node, v: Visitor): void {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, SHOW);
  let node = walker.firstChild();
  while (node) {
    if (node.nodeType === 3) v.text(node as Text);
    else if (special(node as Element)) {
      visit(node as Element, v);
      node = skip(walker);
      continue;
    }
    node = walker.nextNode();
  }
}

/** The next node after the current one's subtree, or null at the end of the walk. */
function skip(walker: TreeWalker): Node | null {
  for (;;) {
    const next = walker.nextSibling();
    if (next) return next;
    if (!walker.parentNode()) return null;
  }
}

/** Calls `text` for each text node of the composed tree under `start`; returns every tree it read. */
export function walkComposed(root: Document, start: Element, text: (node: Text) => void): Scope[] {
  const v: Visitor = { text, scopes: [root] };
  visitElement(start, v);
  return v.scopes;
}
