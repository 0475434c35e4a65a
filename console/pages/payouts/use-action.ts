import { useState } from 'preact/hooks';
import { actionKey, forgetAction, request } from '../../api.ts';
import { errorText } from '../../ui.tsx';

interface ActionMessage {
  kind: 'ok' | 'error';
  text: string;
}

/**
 * One write at a time from a section, with the outcome to show: each action (named by what it does
 * to what) keeps its Idempotency-Key until it succeeds, so a double click or a retry after a lost
 * answer replays the first result instead of paying twice.
 */
export function useAction(onDone: () => void) {
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState<ActionMessage | null>(null);
  async function run<T>(name: string, path: string, body: unknown, said: (result: T) => string): Promise<T | null> {
    setBusy(name);
    try {
      const result = await request<T>('POST', path, { body, idempotencyKey: actionKey(name) });
      forgetAction(name);
      setMessage({ kind: 'ok', text: said(result) });
      onDone();
      return result;
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
      return null;
    } finally {
      setBusy('');
    }
  }
  return { busy, message, run };
}
