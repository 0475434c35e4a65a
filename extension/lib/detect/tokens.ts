/**
 * What a code looks like on its own, before any context: 4-20 ASCII letters and digits (with - or _),
 * at least one letter, and not one of the shapes that fill pages with false codes.
 */
export type TokenShape =
  /** Letters and digits, upper or mixed case: SAVE20, ALEX-7K2Q, Anna2024. */
  | 'mixed'
  /** Upper-case letters only: SPRING, FREESHIP. Only a code right after its label. */
  | 'upper-word'
  /** Lower-case letters and digits: anna2024. People's handles more often than codes. */
  | 'lower-digits';

export type TokenClass = { code: true; shape: TokenShape } | { code: false; reason: string };

/**
 * A candidate in running text: not glued to other word characters, nor after # (hashtags, "Order
 * #A1B2"), @ (handles), a currency sign or a dot; not followed by @ or % or ".x" (emails, file names,
 * domains). Bounded repetition only, so no input can make it backtrack badly.
 */
export const TOKEN = new RegExp(
  String.raw`(?<![A-Za-z0-9_#@$€£¥₹₩₪﷼.\-/\\&=+~])[A-Za-z0-9][A-Za-z0-9_-]{2,18}[A-Za-z0-9]` +
    '(?![A-Za-z0-9_@%-]|[.,:/][A-Za-z0-9])',
  'g',
);

// Upper-case words that pages shout without them being codes (banners, badges, buttons, currencies).
const SHOUTED = new Set(
  `FREE SHIPPING SALE SALES NEW HOT OFF NOW SHOP DEAL DEALS BEST SELLER BESTSELLER LIMITED TIME ONLY TODAY CODE CODES
  PROMO PROMOS COUPON COUPONS REFERRAL REFERRALS INVITE INVITES VOUCHER VOUCHERS DISCOUNT COPY COPIED APPLY APPLIED
  CLAIM REDEEM SAVE SAVED OFFER OFFERS EXCLUSIVE SIGN LOGIN LOGOUT REGISTER SUBMIT SEND CART CHECKOUT MENU HOME HELP
  NOTE INFO WARNING IMPORTANT NEWS BLOG MORE VIEW SHOW HIDE OPEN CLOSE NEXT PREV BACK STEP DONE THANKS THANK HELLO
  WELCOME GRATIS AKTION NEU RABATT ANGEBOT OFERTA OFERTAS NOVO NOVIDADE SOLDES NOUVEAU PROMOCION PROMOCIÓN BARU DISKON
  DISKAUN HEMAT PERCUMA JUALAN AKCIO INGYEN KUPON CUPOM CUPON VERIFIED EXPIRED EXPIRES ACTIVE PENDING PAID SHIPPED
  DELIVERED PROCESSING CANCELLED CANCELED TOTAL SUBTOTAL HTML JSON HTTP HTTPS HDMI EDIT UPDATE UPDATED QUOTE REPLY SPAM
  ADMIN PLUS PREMIUM GOLD SILVER BASIC LIKE SHARE FOLLOW SUBSCRIBE ORDER TRACK INVOICE RECEIPT STORE ONLINE EMAIL PHONE
  ACCOUNT PROFILE SETTINGS USER GUEST MEMBER MEMBERS CLUB REWARDS POINTS BONUS CASHBACK VIDEO AUDIO PHOTO DETAILS
  REVIEWS SIZE COLOR COLOUR STOCK SOLD WISHLIST SEARCH FILTER SORT LOGO TERMS PRIVACY COOKIES CONTACT ABOUT CAREERS
  PRESS SUPPORT STATUS ACTION REQUIRED URGENT ATTENTION NOTICE ALERT TODO ASAP INBOX SENT DRAFTS TRASH ARCHIVE
  STARRED LABELS UNREAD YES CREDIT CREDITS BALANCE CASH MONEY PRICE PRICES CLEARANCE OUTLET EVENT TRIAL BUNDLE
  UNLIMITED INSTANT BONUSES`.split(/\s+/),
);

// Measures, ordinals and sizes: 500ml, 21st, 1080p, 128GB, 1920x1080, 10am.
const MEASURE = new RegExp(
  String.raw`^\d+(?:[.,]\d+)?(?:st|nd|rd|th|am|pm|ml|cl|dl|l|kg|g|mg|gb|mb|tb|kb|mm|cm|m|km|px|pt|em|rem|vh|vw|hz|` +
    'khz|mhz|ghz|w|kw|kwh|v|mah|fps|p|k|x|pcs|pc|oz|lb|lbs|in|ft|h|hr|hrs|min|mins|s|sec|ms|d|y|yr|yrs|gr|' +
    'kr|ct|mp)$',
  'i',
);

const DIGIT = /\d/;
const CURRENCY = new RegExp(
  '^(?:(?:RM|RP|IDR|MYR|USD|US|EUR|GBP|SGD|S|HK|NT|THB|HUF|FT|BRL|R|CHF|JPY|CNY|RMB|SAR|AED|ILS|NIS|IRR|' +
    String.raw`IRT|TL|KR|AUD|CAD|MXN|INR|RS)\d+(?:[.,]\d+)?(?:K|RB|JT|M)?|\d+(?:[.,]\d+)?(?:RM|IDR|MYR|USD|EUR|GBP|` +
    'THB|HUF|FT|BRL|CHF|JPY|CNY|SAR|AED|ILS|NIS|IRR|TL|KR|RB|JT|BAHT|EURO|EUROS|YEN))$',
  'i',
);

/** A word pages shout without it being a code (FREE, SALE, CREDIT), whatever its case. */
export function isShouted(word: string): boolean {
  return SHOUTED.has(word.toUpperCase().replace(/[-_]/g, ''));
}

export function classifyToken(token: string): TokenClass {
  if (token.length < 4 || token.length > 20) return { code: false, reason: 'length' };
  // Most candidates on a page are ordinary words ("Coffee", "blend"): out before any other test.
  if (!DIGIT.test(token) && token !== token.toUpperCase()) return { code: false, reason: 'word' };
  const letters = token.replace(/[^A-Za-z]/g, '');
  if (!letters) return { code: false, reason: 'no letter' };
  const digits = token.length - letters.length - (token.match(/[-_]/g)?.length ?? 0);
  const lower = /[a-z]/.test(token);
  const upper = /[A-Z]/.test(token);
  // Slugs and class names: btn-primary, col-md-6, product_card.
  if (lower && /[-_]/.test(token)) return { code: false, reason: 'slug or class name' };
  if (MEASURE.test(token) || /^\d+x\d+$/i.test(token)) return { code: false, reason: 'measure' };
  // Hashes and ids: long runs of hex.
  if (/^[0-9a-f]{12,}$/i.test(token) && digits > 0) return { code: false, reason: 'hex id' };
  if (/^1Z[0-9A-Z]{16}$/i.test(token)) return { code: false, reason: 'UPS tracking' };
  // Parcel, phone-like and account ids: codes people type rarely carry 8 or more digits.
  if (digits >= 8) return { code: false, reason: 'long number' };
  // Dates written with a month name: 12-Mar-2024.
  if (/^\d{1,4}[-_][A-Za-z]{3,9}[-_]\d{1,4}$/.test(token)) return { code: false, reason: 'date' };
  // Amounts written with their currency: RM10, Rp50, USD25, 20EUR.
  if (CURRENCY.test(token)) return { code: false, reason: 'amount' };
  if (digits === 0) {
    if (lower) return { code: false, reason: 'word' };
    if (SHOUTED.has(token.replace(/[-_]/g, ''))) return { code: false, reason: 'shouted word' };
    return { code: true, shape: 'upper-word' };
  }
  if (lower && !upper) return { code: true, shape: 'lower-digits' };
  return { code: true, shape: 'mixed' };
}

/** Link parameters that carry a referral, invite or promo code wherever they appear. */
export const REF_PARAMS = [
  'ref',
  'referral',
  'referral_code',
  'ref_code',
  'refcode',
  'invite',
  'invite_code',
  'invitecode',
  'via',
  'refer',
  'referrer',
  'coupon',
  'coupon_code',
  'couponcode',
  'promo',
  'promo_code',
  'promocode',
  'discount_code',
  'voucher',
  'voucher_code',
];
/**
 * Parameters that name a code only on a referral or invite path (/invite?code=X): elsewhere `code` is OAuth's
 * or a product's.
 */
export const PATH_CODE_PARAMS = ['code', 'kode', 'kod', 'codigo', 'code_parrain', 'c', 'rc', 'ic'];
/**
 * Parameters that name the inviting user on a referral or invite path (/r?u=janedoe_7, /invite?user=x): a
 * handle, as a path segment would be.
 */
export const PATH_USER_PARAMS = ['u', 'user', 'username', 'uid', 'by', 'from', 'sharer', 'inviter', 'referrer_id'];
/**
 * Affiliate and partner parameters (?aff=lea, ?partner=x): a creator's tag when the page labels the link as
 * theirs or discloses affiliate links, a traffic source otherwise.
 */
export const AFFILIATE_PARAMS = [
  'aff',
  'affiliate',
  'affiliate_id',
  'aff_id',
  'affid',
  'partner',
  'partner_id',
  'creator',
];

/**
 * Path words for "invite", "refer", "referral", "sponsor" in the widget's 14 languages (as sites write them
 * in URLs: ASCII transliterations as well as the words themselves). A path segment that is one of these
 * makes the next segment, or a `code` parameter, a referral code.
 */
export const REF_PATH_WORDS = [
  // English (and what sites everywhere use)
  'r',
  'invite',
  'invites',
  'invitation',
  'refer',
  'referral',
  'referrals',
  'ref',
  'join',
  'discount',
  // Malay, Indonesian
  'jemput',
  'jemputan',
  'rujukan',
  'undang',
  'undangan',
  'ajak',
  'referal',
  // Spanish, Portuguese
  'invitar',
  'invitacion',
  'invitación',
  'referido',
  'referidos',
  'convite',
  'convidar',
  'indicacao',
  'indicação',
  'indique',
  // French, German, Hungarian
  'parrainage',
  'parrain',
  'einladen',
  'einladung',
  'empfehlen',
  'empfehlung',
  'freunde-werben',
  'meghivo',
  'meghívó',
  'meghivas',
  'meghívás',
  'ajanlo',
  'ajánló',
  // Persian, Arabic, Hebrew, Thai (transliterated and native), Japanese, Chinese
  'davat',
  'moarefi',
  'دعوت',
  'معرفی',
  'دعوة',
  'إحالة',
  'احالة',
  'הזמנה',
  'הפניה',
  'เชิญ',
  'แนะนำ',
  'shotai',
  'shoukai',
  'syoukai',
  '招待',
  '紹介',
  'yaoqing',
  '邀请',
  '推荐',
];
const PATH_WORDS = REF_PATH_WORDS.join('|');
/** A referral path and the segment after it: /invite/ALEX20, /undang/DINDA7K2. Match against a decoded path. */
export const REF_PATH = new RegExp(`/(?:${PATH_WORDS})/([^/?#]+)`, 'i');
/** A path that is about inviting or referring (/invite, /parrainage/), whatever follows. */
export const REF_PATH_ANY = new RegExp(`/(?:${PATH_WORDS})(?:[/?#.;]|$)`, 'i');
