import { useEffect, useState } from 'preact/hooks';
import { t } from './strings.ts';

/** Copies with navigator.clipboard (the popup has the user's click); says so for a moment. */
export function CopyButton(props: { value: string; label: string; testid: string; onCopied?: () => void }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const id = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(id);
  }, [state]);
  const copy = () =>
    navigator.clipboard.writeText(props.value).then(
      () => {
        setState('copied');
        props.onCopied?.();
      },
      () => setState('failed'),
    );
  return (
    <button
      type="button"
      class="copy"
      aria-label={props.label}
      onClick={copy}
      data-testid={props.testid}
      data-state={state}
    >
      <span aria-live="polite">{state === 'copied' ? t.copied : state === 'failed' ? t.copyFailed : t.copy}</span>
    </button>
  );
}
