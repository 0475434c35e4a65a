import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { VOUCH_VERSION } from '../shared/version.ts';
import { installCommandQueue, type Command } from './command-queue.ts';
import { widgetStyleSheet } from './styles.ts';
import { Widget } from './Widget.tsx';

type Listener = (open: boolean) => void;

function mount(script: HTMLScriptElement | null) {
  if (document.querySelector('vouch-widget')) return; // pasted twice: keep the first
  const host = document.createElement('vouch-widget');
  host.setAttribute('data-version', VOUCH_VERSION);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [widgetStyleSheet()];
  document.body.appendChild(host);

  const listeners = new Set<Listener>();
  const setOpen = (open: boolean) => listeners.forEach((l) => l(open));

  function App() {
    const [open, setOpenState] = useState(false);
    useEffect(() => {
      listeners.add(setOpenState);
      return () => void listeners.delete(setOpenState);
    }, []);
    return <Widget open={open} onOpenChange={setOpenState} />;
  }
  render(<App />, shadow);

  installCommandQueue(window, ([name]: Command) => {
    if (name === 'open') setOpen(true);
    else if (name === 'close') setOpen(false);
    else console.warn(`[vouch] unknown command "${String(name)}"`);
  });

  host.dispatchEvent(new CustomEvent('vouch:ready', { bubbles: true, detail: { key: script?.dataset.key ?? null } }));
}

const script = document.currentScript as HTMLScriptElement | null;
if (document.body) mount(script);
else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
