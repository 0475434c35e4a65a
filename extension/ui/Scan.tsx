import { useState } from 'preact/hooks';
import { type ErrorKind, send } from '../lib/messages.ts';
import { lastScanItem, type ScanFinding, savedCodesItem } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
import { t } from './strings.ts';
import { useStored } from './use-stored.ts';

/** "Scan this page" and what the last scan found (however it was started: button, menu, shortcut). */
export function Scan(props: { query: string }) {
  const scan = useStored(lastScanItem);
  const saved = useStored(savedCodesItem) ?? [];
  const [error, setError] = useState<ErrorKind | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    const res = await send({ type: 'scan:active-tab' }).catch(() => null);
    setBusy(false);
    if (!res || res.type === 'error') setError(res?.type === 'error' ? res.error : 'server');
  };
  const q = props.query.trim().toLowerCase();
  const findings =
    scan?.status === 'done'
      ? scan.findings.filter((f) => !q || `${f.value} ${f.context}`.toLowerCase().includes(q))
      : [];
  const isSaved = (f: ScanFinding) =>
    saved.some((c) => c.kind === f.kind && c.value.toUpperCase() === f.value.trim().toUpperCase());

  return (
    <section class="panel scan" aria-labelledby="scan-title" data-testid="scan-panel">
      <h2 id="scan-title" class="sr">
        {t.scan}
      </h2>
      <button
        type="button"
        onClick={() => void run()}
        disabled={busy || scan?.status === 'scanning'}
        data-testid="scan-button"
      >
        {busy || scan?.status === 'scanning' ? t.scanning : t.scan}
      </button>
      {error && (
        <p class="notice error" role="alert" data-testid="scan-error">
          {t.errors[error]}
        </p>
      )}
      {scan?.status === 'failed' && !error && (
        <p class="notice error" role="alert" data-testid="scan-error">
          {scan.error}
        </p>
      )}
      {scan?.status === 'done' && (
        <div aria-live="polite">
          <p class="muted" data-testid="scan-summary">
            {scan.findings.length
              ? t.scanFound(scan.findings.length, scan.page_origin.replace(/^https?:\/\//, ''))
              : t.scanNone}
          </p>
          {scan.recognition_error && scan.findings.length > 0 && <p class="muted">{t.scanUnrecognized}</p>}
          {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul> (ui/styles.css) */}
          <ul class="findings" role="list">
            {findings.map((f) => (
              <li
                key={`${f.kind}:${f.value}`}
                data-testid="scan-finding"
                data-kind={f.kind}
                data-vouch={String(f.vouch || !!f.recognized)}
              >
                <code data-testid="finding-value">{f.value}</code>
                {f.recognized?.merchant_name && <span class="tag">{t.scanRecognized(f.recognized.merchant_name)}</span>}
                <p class="context">{f.context}</p>
                <div class="row">
                  <SaveButton finding={f} origin={scan.page_origin} saved={isSaved(f)} />
                  <CopyButton value={f.value} label={t.copyValue(f.value)} testid="finding-copy" />
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function SaveButton(props: { finding: ScanFinding; origin: string; saved: boolean }) {
  const [busy, setBusy] = useState(false);
  const { finding: f } = props;
  const save = async () => {
    setBusy(true);
    await send({
      type: 'code:save',
      code: { kind: f.kind, value: f.value, page_origin: props.origin || null, context: f.context },
    }).catch(() => null);
    setBusy(false);
  };
  return (
    <button
      type="button"
      aria-label={t.saveLabel(f.value)}
      disabled={busy || props.saved}
      onClick={() => void save()}
      data-testid="finding-save"
    >
      {props.saved ? t.saved : t.save}
    </button>
  );
}
