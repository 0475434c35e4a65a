import type { Advocate } from '../../../shared/schemas/advocate.ts';
import { valueText } from '../../i18n/values.ts';
import { href } from '../../router.ts';
import { TableHead } from '../../ui.tsx';

export function AdvocateTable({ advocates }: { advocates: Advocate[] }) {
  return (
    <div class="table-wrap">
      <table data-testid="advocates-table">
        <TableHead cols={['name', 'email', 'codes', 'external_id', 'status']} />
        <tbody>
          {advocates.map((a) => (
            <tr key={a.id} data-testid={`advocate-row-${a.id}`}>
              <th scope="row">
                <a href={href({ name: 'advocate', id: a.id })}>{a.name ?? a.id}</a>
              </th>
              <td>{a.email ?? '—'}</td>
              <td>{a.codes.join(', ')}</td>
              <td>{a.external_id}</td>
              <td>{valueText('advocate_status', a.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
