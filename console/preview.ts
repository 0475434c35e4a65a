/**
 * The Install page's preview frame: the real widget loader with this merchant's publishable key
 * (from the fragment, never sent to a server in a URL), opened at once.
 */
const params = new URLSearchParams(location.hash.slice(1));
const key = params.get('key') ?? '';
if (/^pk_(test|live)_[0-9A-Za-z]{38}$/.test(key)) {
  const w = window as Window & { vouch?: ((...args: unknown[]) => void) & { q?: unknown[] } };
  // The paste snippet's queue stub: calls made before the loader arrives wait in `q`.
  const stub = (...args: unknown[]) => {
    const vouch = w.vouch!;
    vouch.q = vouch.q || [];
    vouch.q.push(args);
  };
  w.vouch = w.vouch || Object.assign(stub, { q: [] as unknown[] });
  const script = document.createElement('script');
  script.async = true;
  script.src = '/widget/loader.js';
  script.dataset.key = key;
  const locale = params.get('locale');
  if (locale && /^[a-z]{2,3}$/.test(locale)) script.dataset.locale = locale;
  document.body.appendChild(script);
  w.vouch('open');
}
