import { send } from '../lib/messages.ts';
import type { SavedCode } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
import { t } from './strings.ts';

export function SavedCodes(props: { codes: SavedCode[]; filtered: boolean }) {
  return (
    <section class="panel" aria-labelledby="saved-title" data-testid="saved-codes">
      <h2 id="saved-title">{t.savedCodes}</h2>
      {props.codes.length === 0 && !props.filtered && <p class="muted">{t.savedEmpty}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul>
          (ui/styles.css) */}
      <ul role="list">
        {props.codes.map((c) => (
          <li key={c.id} class="saved" data-testid="saved-code" data-kind={c.kind}>
            <code data-testid="saved-code-value">{c.value}</code>
            {c.recognized?.merchant_name && <span class="tag">{t.scanRecognized(c.recognized.merchant_name)}</span>}
            {c.page_origin && <span class="muted"> {t.from(c.page_origin.replace(/^https?:\/\//, ''))}</span>}
            <div class="row">
              <CopyButton value={c.value} label={t.copyValue(c.value)} testid="saved-code-copy" />
              <button
                type="button"
                class="danger"
                aria-label={t.removeCode(c.value)}
                onClick={() => void send({ type: 'code:remove', id: c.id })}
                data-testid="saved-code-remove"
              >
                {t.remove}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
