import { useState } from 'preact/hooks';
import { type ErrorKind, send } from '../lib/messages.ts';
import { lastScanItem, type ScanFinding, savedCodesItem } from '../lib/storage.ts';
import { ScanFindings } from './ScanFindings.tsx';
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
      {scan?.status === 'done' && <ScanFindings scan={scan} findings={findings} isSaved={isSaved} />}
    </section>
  );
}
