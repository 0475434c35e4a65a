import { formatDateTime } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { LoadState, Page, TableHead, useLoad } from '../ui.tsx';
import { loadPrograms } from './shared.ts';

export function Programs() {
  const programs = useLoad(loadPrograms, []);
  return (
    <Page
      title={t('programs_title')}
      testid="page-programs"
      actions={
        <a class="button" href={href({ name: 'program_new' })} data-testid="program-new">
          {t('new_program')}
        </a>
      }
    >
      <LoadState loading={programs.loading} error={programs.error} retry={programs.reload} />
      {programs.data?.length === 0 && <p>{t('no_programs')}</p>}
      {programs.data && programs.data.length > 0 && (
        <div class="table-wrap">
          <table data-testid="programs-table">
            <TableHead cols={['p_name', 'status', 'created']} />
            <tbody>
              {programs.data.map((p) => (
                <tr key={p.id} data-testid={`program-row-${p.id}`}>
                  <th scope="row">
                    <a href={href({ name: 'program_edit', id: p.id })}>{p.name}</a>
                  </th>
                  <td>
                    <span class={`badge badge-${p.status}`}>{valueText('program_status', p.status)}</span>
                  </td>
                  <td>{formatDateTime(locale(), p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
