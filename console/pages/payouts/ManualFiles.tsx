import { useState } from 'preact/hooks';
import type { ManualImportResult } from '../../../shared/schemas/payee.ts';
import { request } from '../../api.ts';
import { saveFile } from '../../download.ts';
import { t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { Alert, errorText, Field, Select } from '../../ui.tsx';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type Status = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/** Calendar years a payee can have been paid in, newest first (the tax report is per UTC year). */
function recentYears(now = new Date()): string[] {
  const year = now.getUTCFullYear();
  return Array.from({ length: 6 }, (_, i) => String(year - i));
}

function ImportForm({ onChange }: { onChange: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [rows, setRows] = useState<ManualImportResult['rows']>([]);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (!file) return setStatus({ kind: 'error', text: t('pay_import_pick') });
    setBusy(true);
    setStatus({ kind: 'info', text: t('pay_importing') });
    try {
      const csv = await file.text();
      // The file's content is the action: the same file sent again replays the first answer.
      const key = `payouts-import-${await sha256Hex(csv)}`;
      const result = await request<ManualImportResult>('POST', '/v1/payouts/manual/import', {
        body: { csv },
        idempotencyKey: key,
      });
      setRows(result.rows);
      const counts = { n: result.rows.length, paid: result.paid, failed: result.failed };
      setStatus({ kind: 'ok', text: t('pay_imported', counts) });
      onChange();
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form" onSubmit={submit} noValidate data-testid="payouts-import-form">
      <Field label={t('pay_import_file')} name="payouts-import-file" hint={t('pay_import_hint')}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".csv,text/csv"
            data-testid="payouts-import-file"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        )}
      </Field>
      <button type="submit" disabled={busy} data-testid="payouts-import-submit">
        {t('pay_import')}
      </button>
      {status && (
        <Alert kind={status.kind} testid="payouts-import-status">
          {status.text}
        </Alert>
      )}
      {rows.length > 0 && (
        <ul data-testid="payouts-import-rows">
          {rows.map((r) => (
            <li key={r.line}>
              {t('pay_import_line', { n: r.line })} · <code dir="ltr">{r.payout_id ?? '—'}</code> ·{' '}
              {valueText('import_outcome', r.outcome)}
              {r.message ? ` · ${r.message}` : ''}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** Manual payouts (CSV out for PayPal mass pay or Wise, the paid list back in) and the yearly tax report. */
export function ManualFiles({ onChange }: { onChange: () => void }) {
  const [status, setStatus] = useState<Status>(null);
  const years = recentYears();
  const [year, setYear] = useState(years[0]!);
  const [currency, setCurrency] = useState('');
  async function download(path: string, query: Record<string, string>, filename: string) {
    setStatus({ kind: 'info', text: t('downloading') });
    try {
      await saveFile(path, query, filename);
      setStatus(null);
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }
  function downloadCsv(format: 'paypal' | 'wise') {
    const unit = currency.trim().toUpperCase();
    const query = { format, ...(unit ? { currency: unit } : {}) };
    void download('/v1/payouts/manual.csv', query, `vouch-payouts-${format}${unit ? `-${unit}` : ''}.csv`);
  }
  return (
    <section class="card" aria-labelledby="payouts-manual-h">
      <h2 id="payouts-manual-h">{t('pay_manual_title')}</h2>
      <p class="muted">{t('pay_manual_intro')}</p>
      <div class="filters">
        <Field label={t('pay_csv_currency')} name="payouts-csv-currency" hint={t('pay_csv_currency_hint')}>
          {(p) => (
            <input
              {...p}
              type="text"
              dir="ltr"
              class="ltr"
              maxLength={3}
              autocomplete="off"
              data-testid="payouts-csv-currency"
              value={currency}
              onInput={(e) => setCurrency((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <div class="row-actions">
          {(['paypal', 'wise'] as const).map((format) => (
            <button
              type="button"
              class="secondary"
              key={format}
              data-testid={`payouts-csv-${format}`}
              onClick={() => downloadCsv(format)}
            >
              {t(format === 'paypal' ? 'pay_csv_paypal' : 'pay_csv_wise')}
            </button>
          ))}
        </div>
      </div>
      <ImportForm onChange={onChange} />
      <h3>{t('pay_tax_title')}</h3>
      <p class="muted">{t('pay_tax_intro')}</p>
      <div class="filters">
        <Field label={t('pay_year')} name="payouts-tax-year">
          {(p) => (
            <Select
              {...p}
              data-testid="payouts-tax-year"
              value={year}
              options={years.map((y) => [y, y])}
              onChange={setYear}
            />
          )}
        </Field>
        <div class="row-actions">
          <button
            type="button"
            class="secondary"
            data-testid="payouts-tax-download"
            onClick={() => download('/v1/payouts/tax_report.csv', { year }, `vouch-tax-report-${year}.csv`)}
          >
            {t('pay_tax_download')}
          </button>
        </div>
      </div>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}
    </section>
  );
}
