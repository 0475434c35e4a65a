import { renderSVG } from 'uqr';

/** A QR code of the share link, as SVG (scales to any print size). */
export function qrSvg(link: string): string {
  return renderSVG(link, { ecc: 'M', border: 2 });
}
