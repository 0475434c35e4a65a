import { useState } from 'preact/hooks';
import { send } from '../lib/messages.ts';
import type { ScanFinding, ScanResult } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
import { t } from './strings.ts';

/** A finished scan: what it found on which page, and the `findings` the search leaves, each to save or copy. */
export function ScanFindings(props: {
  scan: ScanResult;
  findings: ScanFinding[];
  isSaved: (finding: ScanFinding) => boolean;
}) {
  const { scan } = props;
  return (
    <div aria-live="polite">
      <p class="muted" data-testid="scan-summary">
        {scan.findings.length
          ? t.scanFound(scan.findings.length, scan.page_origin.replace(/^https?:\/\//, ''))
          : t.scanNone}
      </p>
      {scan.recognition_error && scan.findings.length > 0 && <p class="muted">{t.scanUnrecognized}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul>
          (ui/styles.css) */}
      <ul class="findings" role="list">
        {props.findings.map((f) => (
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
              <SaveButton finding={f} origin={scan.page_origin} saved={props.isSaved(f)} />
              <CopyButton value={f.value} label={t.copyValue(f.value)} testid="finding-copy" />
            </div>
          </li>
        ))}
      </ul>
    </div>
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
