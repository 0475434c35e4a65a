import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { VOUCH_VERSION } from '../shared/version.ts';
import { installCommandQueue, type Command } from './command-queue.ts';
import { createOpenState } from './open-state.ts';
import { widgetStyleSheet } from './styles.ts';
import { Widget } from './Widget.tsx';

function mount(script: HTMLScriptElement | null) {
  if (document.querySelector('vouch-widget')) return; // pasted twice: keep the first
  const host = document.createElement('vouch-widget');
  host.setAttribute('data-version', VOUCH_VERSION);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [widgetStyleSheet()];
  document.body.appendChild(host);

  const openState = createOpenState();

  function App() {
    const [open, setOpen] = useState(openState.get());
    // Subscribe, then catch up on anything that changed between render and this effect.
    useEffect(() => {
      const unsubscribe = openState.subscribe(setOpen);
      setOpen(openState.get());
      return unsubscribe;
    }, []);
    return <Widget open={open} onOpenChange={openState.set} />;
  }
  render(<App />, shadow);

  installCommandQueue(window, ([name]: Command) => {
    if (name === 'open') openState.set(true);
    else if (name === 'close') openState.set(false);
    else console.warn(`[vouch] unknown command "${String(name)}"`);
  });

  host.dispatchEvent(new CustomEvent('vouch:ready', { bubbles: true, detail: { key: script?.dataset.key ?? null } }));
}

const script = document.currentScript as HTMLScriptElement | null;
if (document.body) mount(script);
else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
