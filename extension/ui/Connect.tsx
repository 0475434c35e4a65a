import { useEffect, useState } from 'preact/hooks';
import { countdown } from '../lib/format.ts';
import { send, type ErrorKind, type PublicPairing } from '../lib/messages.ts';
import { pairingItem } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
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
  const [now, setNow] = useState(Date.now());
  const pairing: PublicPairing | null | undefined = stored;
  const pending = pairing?.status === 'pending';

  useEffect(() => {
    if (!pending) return;
    void send({ type: 'pair:poll' }).catch(() => {});
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const poll = setInterval(
      () => void send({ type: 'pair:poll' }).catch(() => {}),
      Math.max(2, pairing.interval) * 1000,
    );
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [pending, pending && pairing.interval]);

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
        <div data-testid="pairing-pending">
          <p>{t.connectYourCode}</p>
          <p class="user-code">
            <output data-testid="pairing-code" aria-live="off">
              {pairing.user_code}
            </output>
            <CopyButton value={pairing.user_code} label={t.copy} testid="copy-pairing-code" />
          </p>
          <p>{t.connectInstructions}</p>
          <p class="muted" data-testid="pairing-expiry">
            {t.connectExpires(countdown(Date.parse(pairing.expires_at), now))}
          </p>
          <p class="muted" role="status">
            {pairing.problem ? t.connectProblem[pairing.problem] : t.connectWaiting}
          </p>
          <button type="button" onClick={() => void cancel()} data-testid="pairing-cancel">
            {t.connectCancel}
          </button>
        </div>
      ) : (
        <div>
          {pairing?.status === 'expired' && (
            <p class="notice warn" role="status" data-testid="pairing-expired">
              {t.connectExpired}
            </p>
          )}
          {pairing?.status === 'failed' && (
            <p class="notice error" role="alert" data-testid="pairing-failed">
              {t.connectFailed(pairing.error)}
            </p>
          )}
          {error && (
            <p class="notice error" role="alert">
              {t.errors[error]}
            </p>
          )}
          <button
            type="button"
            class="primary"
            disabled={starting}
            onClick={() => void start()}
            data-testid="pairing-start"
          >
            {starting
              ? t.connectStarting
              : pairing?.status === 'expired' || pairing?.status === 'failed'
                ? t.connectAgain
                : t.connect}
          </button>
          <PasteLink onPaired={props.onPaired} />
          {props.closable && (
            <button type="button" class="link-button" onClick={() => void cancel()}>
              {t.close}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function PasteLink(props: { onPaired: (entryId: string) => void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await send({ type: 'pair:link', link: value }).catch(() => null);
    setBusy(false);
    if (res?.type === 'paired') {
      setValue('');
      props.onPaired(res.entry.id);
    } else
      setError(res?.type === 'error' ? (res.error === 'invalid' ? res.message : t.errors[res.error]) : t.errors.server);
  };
  return (
    <form class="paste" onSubmit={(e) => void submit(e)} data-testid="pairing-link-form">
      <p>{t.pasteLink}</p>
      <label for="pairing-link">{t.pasteLinkLabel}</label>
      <div class="row">
        <input
          id="pairing-link"
          type="url"
          required
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
          data-testid="pairing-link-input"
        />
        <button type="submit" disabled={busy || !value.trim()} data-testid="pairing-link-submit">
          {t.pasteLinkButton}
        </button>
      </div>
      {error && (
        <p class="notice error" role="alert" data-testid="pairing-link-error">
          {error}
        </p>
      )}
    </form>
  );
}
