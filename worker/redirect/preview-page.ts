import type { RefereeOffer } from '../../shared/schemas/program.ts';

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The friend's offer in words, for previews and greetings. */
function offerText(offer: RefereeOffer): string {
  switch (offer.type) {
    case 'percent':
      return `${offer.value}% off your first order`;
    case 'fixed_amount':
      return `${money(offer.value, offer.currency)} off your first order`;
    case 'free_shipping':
      return 'Free shipping on your first order';
    case 'free_product':
      return `A free ${offer.product_name}`;
    case 'trial_days':
      return `A ${offer.value}-day free trial`;
  }
}

/** Minor units in the currency's major unit, formatted: 1050 USD is $10.50. */
function money(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(minor / 10 ** (digits ?? 2));
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
    ? `<meta property="og:image" content="${esc(link.ogImage)}">` +
      `<meta name="twitter:image" content="${esc(link.ogImage)}">`
    : '';
  const [t, d, u] = [esc(title), esc(description), esc(url)];
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${t}</title>\n` +
    `<meta property="og:type" content="website"><meta property="og:title" content="${t}">` +
    `<meta property="og:description" content="${d}">\n` +
    `<meta property="og:url" content="${u}">` +
    `<meta property="og:site_name" content="${esc(link.merchantName)}">${image}\n` +
    `<meta name="twitter:card" content="${link.ogImage ? 'summary_large_image' : 'summary'}">` +
    `<meta name="twitter:title" content="${t}"><meta name="twitter:description" content="${d}">\n` +
    `<meta name="robots" content="noindex"></head>` +
    `<body><h1>${t}</h1><p>${d}</p><p><a href="${u}">Open</a></p></body></html>`
  );
}
