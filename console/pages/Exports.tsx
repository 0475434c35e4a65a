import { useState } from 'preact/hooks';
import { saveFile } from '../download.ts';
import { isoDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { Alert, errorText, Field, LoadState, Page, Select, useLoad } from '../ui.tsx';
import { loadPrograms } from './shared.ts';

const KINDS = ['clicks', 'conversions', 'rewards'] as const;

type Kind = (typeof KINDS)[number];

const saveExport = (kind: Kind, from: string, to: string, programId: string) =>
  saveFile(
    `/v1/exports/${kind}.csv`,
    { from, to, program_id: programId || undefined },
    `vouch-${kind}-${from}-${to}.csv`,
  );

function DateField({ name, value, onInput }: { name: 'from' | 'to'; value: string; onInput: (v: string) => void }) {
  return (
    <Field label={t(name)} name={name}>
      {(p) => (
        <input
          {...p}
          type="date"
          data-testid={`exports-${name}`}
          value={value}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

export function Exports() {
  const programs = useLoad(loadPrograms, []);
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [programId, setProgramId] = useState('');
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  async function download(kind: Kind) {
    setStatus({ kind: 'info', text: t('downloading') });
    try {
      await saveExport(kind, from, to, programId);
      setStatus(null);
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }
  // A real form: each export is a submit button, so Enter in a field downloads too (the first
  // button's, clicks, as a browser submits a form from the keyboard).
  function submit(e: SubmitEvent) {
    e.preventDefault();
    const kind = KINDS.find((k) => k === (e.submitter as HTMLButtonElement | null)?.value) ?? KINDS[0];
    void download(kind);
  }
  return (
    <Page title={t('exports_title')} testid="page-exports">
      <LoadState loading={programs.loading} error={programs.error} />
      <form class="filters" onSubmit={submit} data-testid="exports-form">
        <DateField name="from" value={from} onInput={setFrom} />
        <DateField name="to" value={to} onInput={setTo} />
        <Field label={t('program')} name="program">
          {(p) => (
            <Select
              {...p}
              data-testid="exports-program"
              value={programId}
              options={[
                ['', t('all_programs')],
                ...(programs.data ?? []).map((x) => [x.id, x.name] as [string, string]),
              ]}
              onChange={setProgramId}
            />
          )}
        </Field>
        <div class="row-actions">
          {KINDS.map((kind) => (
            <button type="submit" name="kind" value={kind} key={kind} data-testid={`export-${kind}`}>
              {t(`export_${kind}`)}
            </button>
          ))}
        </div>
      </form>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}
    </Page>
  );
}
