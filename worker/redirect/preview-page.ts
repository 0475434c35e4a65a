import type { RefereeOffer } from '../../shared/schemas/program.ts';

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The friend's offer in words, for previews and greetings. */
export function offerText(offer: RefereeOffer): string {
  switch (offer.type) {
    case 'percent':
      return `${offer.value}% off your first order`;
    case 'fixed_amount':
      return `${new Intl.NumberFormat('en', { style: 'currency', currency: offer.currency }).format(offer.value / 10 ** fractionDigits(offer.currency))} off your first order`;
    case 'free_shipping':
      return 'Free shipping on your first order';
    case 'free_product':
      return `A free ${offer.product_name}`;
    case 'trial_days':
      return `A ${offer.value}-day free trial`;
  }
}

function fractionDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * What Slack, WhatsApp, X and the others show for a shared link: Open Graph and Twitter card
 * tags with the program, the offer and who is sharing it. People opening it still go through.
 */
export function previewPage(
  link: {
    programName: string;
    offer: RefereeOffer;
    advocateFirstName: string | null;
    merchantName: string;
    ogImage: string | null;
  },
  url: string,
): string {
  const who = link.advocateFirstName ? `${link.advocateFirstName} gave you` : 'You have been given';
  const title = `${who} ${offerText(link.offer).replace(/^./, (c) => c.toLowerCase())} at ${link.merchantName}`;
  const description = `${link.programName}. Open the link to claim it.`;
  const image = link.ogImage
    ? `<meta property="og:image" content="${esc(link.ogImage)}"><meta name="twitter:image" content="${esc(link.ogImage)}">`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta property="og:type" content="website"><meta property="og:title" content="${esc(title)}"><meta property="og:description" content="${esc(description)}">
<meta property="og:url" content="${esc(url)}"><meta property="og:site_name" content="${esc(link.merchantName)}">${image}
<meta name="twitter:card" content="${link.ogImage ? 'summary_large_image' : 'summary'}"><meta name="twitter:title" content="${esc(title)}"><meta name="twitter:description" content="${esc(description)}">
<meta name="robots" content="noindex"></head><body><h1>${esc(title)}</h1><p>${esc(description)}</p><p><a href="${esc(url)}">Open</a></p></body></html>`;
}
