import { useEffect, useState } from 'preact/hooks';
import { countdown } from '../lib/format.ts';
import { type PublicPairing, send } from '../lib/messages.ts';
import { CopyButton } from './CopyButton.tsx';
import { t } from './strings.ts';

export type PendingPairing = Extract<PublicPairing, { status: 'pending' }>;

/**
 * While a pairing is pending: polls through the background (a stopped service worker resumes on
 * `pair:poll`) at the pairing's interval, and ticks every second for the expiry countdown. Returns now.
 */
export function usePendingPoll(pairing: PendingPairing | null): number {
  const [now, setNow] = useState(Date.now());
  const pending = pairing !== null;
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
  return now;
}

/** The code to enter on the shop's site, how long it stays valid, and how the polling goes. */
export function PairingPending(props: { pairing: PendingPairing; now: number; onCancel: () => void }) {
  const { pairing } = props;
  return (
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
        {t.connectExpires(countdown(Date.parse(pairing.expires_at), props.now))}
      </p>
      <p class="muted" role="status">
        {pairing.problem ? t.connectProblem[pairing.problem] : t.connectWaiting}
      </p>
      <button type="button" onClick={props.onCancel} data-testid="pairing-cancel">
        {t.connectCancel}
      </button>
    </div>
  );
}
