import { useEffect, useState } from 'preact/hooks';
import { type ErrorKind, type PublicPairing, send } from '../lib/messages.ts';
import { pairingItem } from '../lib/storage.ts';
import { PairingPending, usePendingPoll } from './PairingPending.tsx';
import { PairingStart } from './PairingStart.tsx';
import { t } from './strings.ts';
import { useStored } from './use-stored.ts';

/**
 * "Connect a shop": device-flow pairing (show the code, wait for the advocate to enter it on the
 * shop's site) or a pasted pairing link. The background polls; this panel keeps it polling while
 * open (a stopped service worker resumes on `pair:poll`) and re-renders from storage.
 */
export function Connect(props: {
  open: boolean;
  closable: boolean;
  onClose: () => void;
  onPaired: (entryId: string) => void;
}) {
  const stored = useStored(pairingItem);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ErrorKind | null>(null);
  const pairing: PublicPairing | null | undefined = stored;
  const pending = pairing?.status === 'pending';
  const now = usePendingPoll(pending ? pairing : null);

  useEffect(() => {
    if (pairing?.status === 'paired') props.onPaired(pairing.entry_id);
  }, [pairing?.status === 'paired' && pairing.entry_id]);

  const start = async () => {
    setStarting(true);
    setError(null);
    const res = await send({ type: 'pair:start' }).catch(() => null);
    setStarting(false);
    if (res?.type === 'error') setError(res.error);
    else if (!res) setError('server');
  };
  const cancel = async () => {
    await send({ type: 'pair:cancel' }).catch(() => {});
    props.onClose();
  };

  if (!props.open && !pending) return null;
  return (
    <section class="panel connect" aria-labelledby="connect-title" data-testid="connect-panel">
      <h2 id="connect-title">{t.connect}</h2>
      {pending ? (
        <PairingPending pairing={pairing} now={now} onCancel={() => void cancel()} />
      ) : (
        <PairingStart
          pairing={pairing}
          starting={starting}
          error={error}
          onStart={() => void start()}
          onPaired={props.onPaired}
          onClose={props.closable ? () => void cancel() : null}
        />
      )}
    </section>
  );
}
