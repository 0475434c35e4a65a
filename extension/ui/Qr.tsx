import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';

/** A QR code drawn locally as inline SVG: one path of dark modules, no remote image. */
export function Qr(props: { value: string; label: string; size?: number }) {
  const { d, n } = useMemo(() => {
    const { data, size } = encode(props.value, { ecc: 'M', border: 2 });
    let path = '';
    data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) path += `M${x} ${y}h1v1h-1z`;
      });
    });
    return { d: path, n: size };
  }, [props.value]);
  const px = props.size ?? 144;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${n} ${n}`}
      width={px}
      height={px}
      shape-rendering="crispEdges"
      data-testid="qr"
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
