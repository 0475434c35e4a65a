import { linearScale } from './scale.ts';

export interface Step {
  label: string;
  value: number;
  /** Shown instead of the number (e.g. a cost in several currencies); the bar is not drawn. */
  text?: string;
}

const W = 640;
const ROW = 34;
const LABEL = 200;

/** Horizontal bars, one per step, each with its label and number written beside it. */
export function Funnel({ steps, title, description, format, testid }: { steps: Step[]; title: string; description: string; format: (v: number) => string; testid: string }) {
  const max = Math.max(1, ...steps.filter((s) => s.text === undefined).map((s) => s.value));
  const x = linearScale([0, max], [0, W - LABEL - 120]);
  const h = steps.length * ROW + 8;
  return (
    <figure class="chart" data-testid={testid}>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title} aria-describedby={`${testid}-desc`} class="chart-svg funnel">
        <desc id={`${testid}-desc`}>{description}</desc>
        {steps.map((s, i) => {
          const yy = i * ROW + 4;
          const w = s.text === undefined ? Math.max(2, x(s.value)) : 0;
          return (
            <g key={s.label} aria-hidden="true">
              <text x={LABEL - 8} y={yy + 19} text-anchor="end">
                {s.label}
              </text>
              {w > 0 && <rect class="bar" x={LABEL} y={yy + 4} width={w} height={ROW - 10} rx="3" />}
              <text x={LABEL + w + 8} y={yy + 19} class="value">
                {s.text ?? format(s.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="sr-only">
        {steps.map((s) => (
          <li key={s.label}>
            {s.label}: {s.text ?? format(s.value)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
