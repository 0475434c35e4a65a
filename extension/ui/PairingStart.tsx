import { useState } from 'preact/hooks';
import { type ErrorKind, type PublicPairing, send } from '../lib/messages.ts';
import { t } from './strings.ts';

/**
 * No pairing pending: why the last one ended, the button that starts one, the pasted-link form, and
 * Close when the wallet is not empty (`onClose` null otherwise).
 */
export function PairingStart(props: {
  pairing: PublicPairing | null | undefined;
  starting: boolean;
  error: ErrorKind | null;
  onStart: () => void;
  onPaired: (entryId: string) => void;
  onClose: (() => void) | null;
}) {
  const { pairing, error } = props;
  return (
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
        disabled={props.starting}
        onClick={props.onStart}
        data-testid="pairing-start"
      >
        {props.starting
          ? t.connectStarting
          : pairing?.status === 'expired' || pairing?.status === 'failed'
            ? t.connectAgain
            : t.connect}
      </button>
      <PasteLink onPaired={props.onPaired} />
      {props.onClose && (
        <button type="button" class="link-button" onClick={props.onClose}>
          {t.close}
        </button>
      )}
    </div>
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
