import { useState } from 'preact/hooks';
import { send } from '../lib/messages.ts';
import type { WalletItem } from '../lib/storage.ts';
import { Qr } from './Qr.tsx';
import { t } from './strings.ts';

/** An entry's QR toggle and Remove button, why a removal failed, and the QR code when shown. */
export function EntryActions(props: { item: WalletItem; idPrefix: string }) {
  const { item, idPrefix: idp } = props;
  const { entry } = item;
  const shop = entry.merchant.name;
  const [qr, setQr] = useState(false);
  const [removing, setRemoving] = useState<'idle' | 'busy' | 'failed'>('idle');

  const remove = async () => {
    setRemoving('busy');
    const res = await send({ type: 'wallet:remove', id: item.id }).catch(() => null);
    if (res?.type !== 'wallet') setRemoving('failed');
  };

  return (
    <>
      <div class="row">
        <button
          type="button"
          aria-expanded={qr}
          aria-controls={`${idp}-qr`}
          onClick={() => setQr(!qr)}
          data-testid="qr-toggle"
        >
          {qr ? t.qrHide : t.qrShow}
        </button>
        <button
          type="button"
          class="danger"
          aria-label={t.removeLabel(shop)}
          disabled={removing === 'busy'}
          onClick={() => void remove()}
          data-testid="entry-remove"
        >
          {t.remove}
        </button>
      </div>
      {removing === 'failed' && (
        <p class="notice error" role="alert">
          {t.removeFailed}
        </p>
      )}
      <div id={`${idp}-qr`} hidden={!qr}>
        {qr && <Qr value={entry.advocate.link} label={t.qrAlt(shop)} />}
      </div>
    </>
  );
}
