import { Component, type ComponentChildren, render } from 'preact';
import type { Identity } from '../shared/schemas/widget.ts';
import { VOUCH_VERSION } from '../shared/version.ts';
import { type Command, installCommandQueue, type VouchFunction } from './command-queue.ts';
import { negotiateLocale } from './i18n/locale.ts';
import { pairingEndpoint } from './pairing.ts';
import {
  configure,
  emitter,
  identify,
  idleGate,
  loadMessages,
  publicReferral,
  resolveReferral,
  type State,
  setOpen,
  store,
  track,
  trackPurchase,
  whenProgram,
} from './runtime.ts';
import { guard, report, whenIdle } from './safe.ts';
import { applyBrand, styleSheets } from './styles.ts';
import { Panel } from './ui/Panel.tsx';
import { Frame, syncDialog, Widget } from './Widget.tsx';

type Win = Window & { vouch?: VouchFunction };
const win = window as Win;

/**
 * Renders `_view(state)` again on every change; `_after` runs once the DOM is updated. One class
 * instead of preact/hooks keeps about 1 KB gzip out of the bundle.
 */
class Connect extends Component<{ _view: (s: State) => ComponentChildren; _after?: (s: State) => void }> {
  // Roots are rendered once and never unmounted: nothing to unsubscribe.
  override componentDidMount() {
    store._subscribe(() => this.setState({}));
    this.componentDidUpdate();
  }
  override componentDidUpdate() {
    this.props._after?.(store._get());
  }
  render() {
    return this.props._view(store._get());
  }
}

/** The store's view in `host`'s own shadow root (`after(root, state)` after each render). */
function attach(
  host: HTMLElement,
  view: (s: State) => ComponentChildren,
  after?: (root: ShadowRoot, s: State) => void,
) {
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = styleSheets();
  render(<Connect _view={view} _after={after && ((s) => after(shadow, s))} />, shadow);
}

/** `<div data-vouch="panel">`: the same panel inline, in its own shadow root. */
const embedded = (s: State) => (
  <Frame s={s}>
    <Panel s={s} _surface="embed" />
  </Frame>
);

function mountEmbeds() {
  document.querySelectorAll<HTMLElement>('[data-vouch="panel"]').forEach((el) => {
    if (!el.shadowRoot) attach(el, embedded); // its catalog is on its way since boot
  });
}

function dispatch([name, ...args]: Command): void {
  switch (name) {
    case 'open':
    case 'close':
      return void setOpen(name === 'open');
    case 'identify':
      if (!args[0] || typeof args[0] !== 'object') throw new TypeError('identify: object expected');
      return void identify(args[0] as Identity);
    case 'track':
      if (args[0] !== 'purchase') throw new TypeError(`track: unknown "${String(args[0])}"`);
      return void trackPurchase((args[1] ?? {}) as Record<string, unknown>);
    case 'getReferral': {
      const cb = args[0];
      if (typeof cb !== 'function') throw new TypeError('getReferral: callback expected');
      return void referralReady.then(guard(() => cb(publicReferral(store._get()._referral))));
    }
    case 'on':
      return void emitter._on(String(args[0]), args[1]);
    default:
      throw new TypeError(`unknown command "${String(name)}"`);
  }
}

// `getReferral` answers once the landing URL has been read (it may ask the Worker who referred).
let referralDone!: () => void;
const referralReady = new Promise<void>((r) => (referralDone = r));

function boot() {
  if (win.vouch?.loaded) return; // pasted twice: the first one runs
  const tag = (win.vouch?.s ?? document.currentScript) as HTMLScriptElement | null;
  const data = tag?.dataset ?? {};
  const src = (document.currentScript as HTMLScriptElement | null)?.src || tag?.src || location.href;
  const options = {
    _key: data.key ?? '',
    _base: new URL(src, location.href).origin,
    _locale: negotiateLocale([
      data.locale,
      document.documentElement.lang,
      ...(navigator.languages ?? [navigator.language]),
    ]),
    _position: data.position ?? null,
    _signinUrl: data.signinUrl ?? null,
  };
  configure(options);
  pairingEndpoint(options);
  // Nothing reaches the network before the page is idle, not even a replayed identify().
  idleGate(new Promise<void>((r) => whenIdle(r)));
  installCommandQueue(win, guard(dispatch));

  // The catalog (English too) is fetched now, in parallel with the config: the launcher waits
  // for it, so it never changes language under the visitor's eyes (Widget renders nothing before).
  const messages = loadMessages();
  const mount = guard(() => {
    if (document.querySelector('vouch-widget')) return;
    const host = document.createElement('vouch-widget');
    host.setAttribute('data-version', VOUCH_VERSION);
    document.body.appendChild(host); // first: showModal() needs a connected dialog
    attach(host, Widget, syncDialog);
    whenIdle(async () => {
      mountEmbeds();
      void resolveReferral(location.search).catch(report).finally(referralDone);
      const program = await whenProgram();
      applyBrand(program?.widget.brand_color);
      if (program) track('impression');
      await messages;
      emitter._emit('ready', { version: VOUCH_VERSION, program_id: program?.id ?? null });
      host.dispatchEvent(new CustomEvent('vouch:ready', { bubbles: true }));
    });
  });
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}

guard(boot)();
