import type { Series } from './LineChart.tsx';

/** A chart's numbers as a table, folded under it: for anyone who cannot read the picture. */
export function ChartTable(props: {
  title: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
  tableCaption: string;
  periodLabel: string;
  testid: string;
}) {
  return (
    <details>
      <summary>{props.tableCaption}</summary>
      <div class="table-wrap">
        <table data-testid={`${props.testid}-table`}>
          <caption class="sr-only">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.periodLabel}</th>
              {props.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr key={i}>
                <th scope="row">{label}</th>
                {props.series.map((s) => (
                  <td key={s.name}>{props.format(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
