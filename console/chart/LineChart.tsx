import { useId } from '../ui.tsx';
import { ChartTable } from './ChartTable.tsx';
import { clipLabel, labelIndexes, labelsThatFit, linearScale, linePath, niceTicks, spreadLabels } from './scale.ts';
import { useWidth } from './useWidth.ts';

export interface Series {
  name: string;
  values: number[];
}

// Told apart without colour: each series has its own dash pattern and marker shape, and its
// name is written at the end of its line.
const DASHES = ['', '6 4', '2 3'];
const MARKERS = ['circle', 'square', 'diamond'] as const;

const H = 240;
const PAD = { top: 16, bottom: 36, left: 56 };
const LABEL_GAP = 14;
/** Below this width the series' names move to the legend alone: the plot keeps the room. */
const DIRECT_LABELS_FROM = 480;

type Scale = (v: number) => number;
/** Where the plot is drawn: its scales, its width, its right margin and its number of periods. */
interface Plot {
  x: Scale;
  y: Scale;
  W: number;
  right: number;
  n: number;
}

function Marker({ kind, x, y }: { kind: (typeof MARKERS)[number]; x: number; y: number }) {
  if (kind === 'circle') return <circle cx={x} cy={y} r="3.5" />;
  if (kind === 'square') return <rect x={x - 3.5} y={y - 3.5} width="7" height="7" />;
  return <path d={`M${x} ${y - 4.5}L${x + 4.5} ${y}L${x} ${y + 4.5}L${x - 4.5} ${y}Z`} />;
}

/** The value ticks with their grid lines, and the period labels that fit under the plot. */
function Grid(props: { plot: Plot; ticks: number[] } & Labelled) {
  const { x, y, W, right, n } = props.plot;
  return (
    // An SVG <g> takes no focus: the chart speaks through its <title> and <desc>.
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: see above
    <g class="grid" aria-hidden="true">
      {props.ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - right} y1={y(v)} y2={y(v)} />
          <text x={PAD.left - 8} y={y(v) + 4} text-anchor="end">
            {props.format(v)}
          </text>
        </g>
      ))}
      {labelIndexes(n, labelsThatFit(W - PAD.left - right)).map((i) => (
        <text key={i} x={x(i)} y={H - PAD.bottom + 20} text-anchor="middle">
          {props.labels[i]}
        </text>
      ))}
    </g>
  );
}

/** One series: its line, its markers (when there are few enough points) and its name at its end. */
function Line({ plot, s, si, labelY }: { plot: Plot; s: Series; si: number; labelY: number | undefined }) {
  const { x, y } = plot;
  const points = s.values.map((v, i) => [x(i), y(v)] as [number, number]);
  const last = points[points.length - 1];
  return (
    // An SVG <g> takes no focus: the chart speaks through its <title> and <desc>.
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: see above
    <g class={`series series-${si}`} aria-hidden="true">
      <path
        d={linePath(points)}
        fill="none"
        stroke-width="2"
        stroke-dasharray={DASHES[si % DASHES.length] || undefined}
      />
      {plot.n <= 60 &&
        points.map(([px, py], i) => <Marker key={i} kind={MARKERS[si % MARKERS.length]!} x={px} y={py} />)}
      {last && labelY !== undefined && (
        <text x={last[0] + 8} y={labelY + 4} class="direct-label">
          {clipLabel(s.name)}
        </text>
      )}
    </g>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <figcaption class="legend">
      {series.map((s, si) => (
        <span key={s.name} class={`legend-item series-${si}`}>
          <svg width="28" height="10" aria-hidden="true">
            <line
              x1="0"
              x2="28"
              y1="5"
              y2="5"
              stroke-width="2"
              stroke-dasharray={DASHES[si % DASHES.length] || undefined}
            />
          </svg>
          {s.name}
        </span>
      ))}
    </figcaption>
  );
}

interface Labelled {
  labels: string[];
  format: (v: number) => string;
}

/**
 * A small SVG line chart: nice integer ticks, a few x labels, direct labels. The SVG has a title
 * and a description; the numbers are in a table under it (`<details>`), for anyone who cannot read
 * the picture.
 */
export function LineChart(
  props: {
    title: string;
    description: string;
    series: Series[];
    tableCaption: string;
    periodLabel: string;
    testid: string;
  } & Labelled,
) {
  const id = useId('chart');
  const { ref, width: W } = useWidth<SVGSVGElement>(640);
  const direct = W >= DIRECT_LABELS_FROM;
  const right = direct ? 140 : 16;
  const n = props.labels.length;
  const max = Math.max(0, ...props.series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const x = linearScale([0, Math.max(1, n - 1)], [PAD.left, W - right]);
  const y = linearScale([0, top], [H - PAD.bottom, PAD.top]);
  const plot = { x, y, W, right, n };
  const labelYs = spreadLabels(
    props.series.map((s) => y(s.values[s.values.length - 1] ?? 0)),
    LABEL_GAP,
    PAD.top,
    H - PAD.bottom,
  );
  return (
    <figure class="chart" data-testid={props.testid}>
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        height={H}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        class="chart-svg"
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        <Grid {...props} plot={plot} ticks={ticks} />
        {props.series.map((s, si) => (
          <Line key={s.name} plot={plot} s={s} si={si} labelY={direct ? labelYs[si] : undefined} />
        ))}
      </svg>
      <Legend series={props.series} />
      <ChartTable {...props} />
    </figure>
  );
}
