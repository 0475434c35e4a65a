import type { Conversion } from '../../shared/schemas/conversion.ts';
import { formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { TableHead } from '../ui.tsx';

/** The fraud signals that fired on a conversion, with their weights and reasons. */
export function Signals({ conversion }: { conversion: Conversion }) {
  const { risk } = conversion;
  if (risk.signals.length === 0) return <p class="muted">{t('no_signals')}</p>;
  return (
    <table class="signals" data-testid={`signals-${conversion.id}`}>
      <caption>
        {t('score')}: {formatNumber(locale(), risk.score)} · {t('decision')}: {valueText('decision', risk.decision)}
      </caption>
      <TableHead cols={['reason', 'weight']} />
      <tbody>
        {risk.signals.map((s) => (
          <tr key={s.code}>
            <th scope="row">
              {/* The explanation in the console's language; the code (what the API and the docs name) beside it. */}
              {valueText('signal', s.code)} <code>{s.code}</code>
            </th>
            <td>{formatNumber(locale(), s.weight)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
