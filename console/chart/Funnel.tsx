import { linearScale } from './scale.ts';
import { useWidth } from './useWidth.ts';

export interface Step {
  label: string;
  value: number;
  /** Shown instead of the number (e.g. a cost in several currencies); the bar is not drawn. */
  text?: string;
}

const ROW = 34;
const LABEL = 200;
/** Below this width each label goes above its bar: beside it, it left the bars no room. */
const STACK_BELOW = 480;
const STACKED_ROW = 44;
/** Room kept after the longest bar for its number. */
const VALUE_ROOM = 120;

interface Placed {
  label: { x: number; y: number; anchor: 'start' | 'end' };
  bar: { x: number; y: number; height: number };
  valueY: number;
}

/** Where a step's label, bar and number go, side by side or (narrow) label above bar. */
function place(i: number, stacked: boolean): Placed {
  if (stacked) {
    const top = i * STACKED_ROW + 4;
    return { label: { x: 0, y: top + 13, anchor: 'start' }, bar: { x: 0, y: top + 20, height: 16 }, valueY: top + 33 };
  }
  const top = i * ROW + 4;
  return {
    label: { x: LABEL - 8, y: top + 19, anchor: 'end' },
    bar: { x: LABEL, y: top + 4, height: ROW - 10 },
    valueY: top + 19,
  };
}

/**
 * Horizontal bars, one per step, each with its label and number written beside it, drawn at the
 * width it is shown at (see useWidth): the text keeps its size on a phone.
 */
export function Funnel({
  steps,
  title,
  description,
  format,
  testid,
}: {
  steps: Step[];
  title: string;
  description: string;
  format: (v: number) => string;
  testid: string;
}) {
  const { ref, width: W } = useWidth<SVGSVGElement>(640);
  const stacked = W < STACK_BELOW;
  const max = Math.max(1, ...steps.filter((s) => s.text === undefined).map((s) => s.value));
  const x = linearScale([0, max], [0, W - (stacked ? 0 : LABEL) - VALUE_ROOM]);
  const h = steps.length * (stacked ? STACKED_ROW : ROW) + 8;
  return (
    <figure class="chart" data-testid={testid}>
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${h}`}
        height={h}
        role="img"
        aria-label={title}
        aria-describedby={`${testid}-desc`}
        class="chart-svg funnel"
      >
        <desc id={`${testid}-desc`}>{description}</desc>
        {steps.map((s, i) => {
          const at = place(i, stacked);
          const w = s.text === undefined ? Math.max(2, x(s.value)) : 0;
          return (
            // An SVG <g> takes no focus: the chart speaks through its <title> and <desc>.
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: see above
            <g key={s.label} aria-hidden="true">
              <text x={at.label.x} y={at.label.y} text-anchor={at.label.anchor}>
                {s.label}
              </text>
              {w > 0 && <rect class="bar" x={at.bar.x} y={at.bar.y} width={w} height={at.bar.height} rx="3" />}
              <text x={at.bar.x + w + 8} y={at.valueY} class="value">
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
