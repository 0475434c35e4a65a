import { COPY_WORDS } from './keywords.ts';

/** Markup that sets a code apart from the sentence around it. */
const EMPHASIS = new Set(['CODE', 'KBD', 'SAMP', 'STRONG', 'B', 'MARK', 'TT', 'OUTPUT', 'VAR', 'INPUT']);
const POSITIVE_NAME =
  /coupon|promo|referr|invite|voucher|discount|gutschein|kupon|cupom|cupon|(?:^|[-_\s])code(?:$|[-_\s])/i;
const DECOY_NAME = new RegExp(
  String.raw`captcha|(?:^|[-_\s])sku|tracking|serial|postal|zip-?code|order-?(?:id|num|no)|invoice|product-?(?:id|` +
    'code)|item-?(?:id|no|num)|hash|commit|uuid',
  'i',
);
// A class or id that names the element as the code itself: "code", "codebox", "coupon-code", "promoCode",
// "referral_code", "code-value". Not a label or a caption beside it ("code-label", "code-title"), nor
// another kind of code (barcode, QR code, source code, colour code).
const CODE_BOX_NAME = new RegExp(
  '^(?:[a-z]+[-_]?)?(?:code|kode|kod|codigo|kupon|coupon|cupom|cupon|voucher|gutschein)[-_]?(?:box|value|' +
    'display|text|chip|pill)?$',
  'i',
);
const NOT_CODE_BOX = new RegExp(
  '^(?:bar|qr|zip|post|postal|source|src|color|colour|country|area|error|auth|verify|verification|otp|' +
    'security|inline|hljs|language|product|item|order|tracking|sku|style|pin|short|dial)[-_]?code',
  'i',
);

/**
 * The element (or its parent, when the element only wraps the token) is named as the code box and holds just
 * the token.
 */
export function codeBox(el: Element, token: string): boolean {
  for (let e: Element | null = el, i = 0; e && i < 2; e = e.parentElement, i++) {
    if ((e.textContent ?? '').trim() !== token) return false;
    for (const name of names(e).split(/\s+/))
      if (name && CODE_BOX_NAME.test(name) && !NOT_CODE_BOX.test(name)) return true;
  }
  return false;
}

/** Displayed apart from running text: emphasised (<b>, <code>, <mark>...) or the element's whole text. */
export function setApart(el: Element, token: string): boolean {
  const own = el.textContent ?? '';
  return (
    EMPHASIS.has(el.tagName) ||
    (el.parentElement !== null && EMPHASIS.has(el.parentElement.tagName)) ||
    (own.length <= token.length + 4 && own.trim().replace(/[:：.,!]$/, '') === token)
  );
}

export interface Structure {
  /** Negative: the element is named as something else (captcha, sku, tracking...). */
  score: number;
  /** Displayed apart from running text: emphasised, or the element's whole text. */
  apart: boolean;
}

function names(el: Element): string {
  return `${el.id} ${el.getAttribute('class') ?? ''}`;
}

/** Evidence from the markup around the element holding a token. */
export function structureScore(el: Element, token: string): Structure {
  const parent = el.parentElement;
  const near = parent ? [el, parent] : [el];
  for (const e of near) if (DECOY_NAME.test(names(e))) return { score: -1, apart: false };
  let score = 0;
  const emphasised = near.some((e) => EMPHASIS.has(e.tagName));
  if (emphasised) score += 0.15;
  // The token is the element's whole text: a code displayed as such, not a word in a sentence.
  const own = el.textContent ?? '';
  const alone = own.length <= token.length + 4 && own.trim().replace(/[:：.,!]$/, '') === token;
  if (alone) score += 0.1;
  // Shown alone in an element named as the code (a coupon card's code box) says more than a name around it.
  if (alone && codeBox(el, token)) score += 0.25;
  else {
    for (let e: Element | null = el, i = 0; e && i < 3; e = e.parentElement, i++) {
      if (POSITIVE_NAME.test(names(e))) {
        score += 0.15;
        break;
      }
    }
  }
  if (hasCopyButton(el)) score += 0.2;
  return { score, apart: emphasised || alone };
}

/** A copy button beside the element (within its two nearest small containers). */
export function hasCopyButton(el: Element): boolean {
  for (let box: Element | null = el.parentElement, i = 0; box && i < 2; box = box.parentElement, i++) {
    if ((box.textContent?.length ?? 0) > 240) break;
    for (const button of box.querySelectorAll('button, [role="button"], a, input[type="button"]')) {
      const said = [
        button.textContent ?? '',
        button.getAttribute('aria-label') ?? '',
        button.getAttribute('title') ?? '',
        button.getAttribute('value') ?? '',
      ].join(' ');
      if (COPY_WORDS.test(said)) return true;
    }
  }
  return false;
}
