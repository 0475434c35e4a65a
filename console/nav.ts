/** Client-side navigation: history.pushState plus one listener (the App re-renders on it). */
type Listener = () => void;
const listeners = new Set<Listener>();
let moved = false;

/**
 * True once the app has changed route in this page (a link, back/forward), false on the page as
 * loaded: only a route change moves focus to the new heading, so a fresh load starts at the top
 * (skip link, then the nav) like any page.
 */
export const hasNavigated = () => moved;

export function navigate(path: string): void {
  if (path !== location.pathname + location.search) history.pushState(null, '', path);
  moved = true;
  for (const l of listeners) l();
}

export function onNavigate(l: Listener): () => void {
  listeners.add(l);
  const pop = () => {
    moved = true;
    l();
  };
  addEventListener('popstate', pop);
  return () => {
    listeners.delete(l);
    removeEventListener('popstate', pop);
  };
}

/** Same-origin /console links are routed here; modified clicks (new tab…) are left to the browser. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (
      url.origin !== location.origin ||
      !url.pathname.startsWith('/console') ||
      url.pathname.startsWith('/console/assets/')
    )
      return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}
