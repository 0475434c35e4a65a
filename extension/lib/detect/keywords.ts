/**
 * Words that say what a nearby token is, in the widget's 14 languages. `strong` names a referral,
 * invite or promo code (or link) outright; `weak` is a bare "code" that needs the token to look the
 * part; `decoy` names something that is not one (order, tracking, invoice, SKU, postal code, one-time
 * passwords...). A decoy label closer to a token than any positive one wins, which is how "Product
 * code: X" and "código de rastreio: X" lose to their bare "code" inside.
 *
 * A trailing `*` lets letters follow (Hungarian suffixes: ajánlókódod, kódot). Latin-script entries
 * match on word boundaries; Arabic, Persian and Hebrew attach prefixes to words, and Thai, Japanese
 * and Chinese have no spaces, so theirs match anywhere.
 */
export type KeywordKind = 'strong' | 'weak' | 'decoy';

const STRONG = [
  // English
  'referral code', 'referral link', 'refer code', 'referral', 'refer a friend', 'invite code', 'invitation code',
  'invite link', 'invitation link', 'promo code', 'promotional code', 'promo', 'coupon code', 'coupon', 'discount code',
  'voucher code', 'voucher', 'use code', 'use my code', 'enter code', 'with code', 'redeem code', 'offer code',
  'bonus code', 'referral id', 'signup code', 'sign-up code', 'sign up code', 'my code', 'my link', 'your link', 'friend code',
  'creator code', 'affiliate link', 'affiliate code', 'discount link', 'link in bio', 'link in my bio',
  // Malay
  'kod rujukan', 'pautan rujukan', 'kod promo', 'kod jemputan', 'kod diskaun', 'kod kupon', 'kod baucar', 'baucar',
  'kupon', 'gunakan kod', 'guna kod', 'rujukan', 'pautan jemputan', 'pautan saya', 'pautan afiliat',
  // Indonesian
  'kode referal', 'kode referral', 'kode promo', 'kode undangan', 'kode voucher', 'kode kupon', 'kode diskon',
  'tautan referal', 'link referal', 'tautan undangan', 'link undangan', 'pakai kode', 'gunakan kode', 'referal',
  'link saya', 'tautan saya', 'link di bio', 'link afiliasi', 'tautan afiliasi',
  // Persian
  'کد معرف', 'کد معرفی', 'کد تخفیف', 'کد دعوت', 'لینک معرفی', 'لینک دعوت', 'کوپن', 'کد هدیه',
  // Thai
  'รหัสแนะนำ', 'โค้ดแนะนำ', 'โค้ดส่วนลด', 'รหัสส่วนลด', 'รหัสเชิญ', 'โค้ดเชิญ', 'รหัสโปรโมชั่น', 'โค้ดโปรโมชั่น',
  'ลิงก์แนะนำ', 'ลิงก์เชิญ', 'คูปอง', 'ใช้โค้ด',
  // Hungarian
  'ajánlókód*', 'ajánló kód*', 'ajánlói kód*', 'ajánlói link*', 'ajánló link*', 'meghívókód*', 'meghívó kód*',
  'meghívó link*', 'kuponkód*', 'kupon*', 'kedvezménykód*', 'promóciós kód*', 'promókód*',
  // Spanish
  'código de referido', 'código de referencia', 'código de invitación', 'código promocional', 'código de descuento',
  'código de cupón', 'codigo de referido', 'codigo de invitacion', 'codigo promocional', 'codigo de descuento',
  'cupón', 'cupon', 'enlace de invitación', 'enlace de referido', 'usa el código', 'usa el codigo',
  'código de creador', 'codigo de creador', 'enlace de afiliado', 'mi enlace', 'mi link', 'enlace en la bio', 'link en la bio', 'enlace con descuento',
  // Brazilian Portuguese
  'código de indicação', 'codigo de indicacao', 'código de convite', 'código de desconto', 'codigo de desconto',
  'link de indicação', 'link de convite', 'cupom de desconto', 'cupom', 'use o código', 'indicação', 'indique',
  'meu link', 'link na bio', 'link da bio', 'link com desconto', 'link com o desconto', 'link de afiliado', 'código do criador', 'codigo do criador',
  // French
  'code de parrainage', 'code parrain', 'code parrainage', 'lien de parrainage', 'parrainage', 'code promo',
  'code promotionnel', "code d'invitation", 'code d’invitation', 'code de réduction', 'code réduction',
  'bon de réduction', 'utilisez le code', 'code créateur', 'code createur', 'lien affilié', 'lien d’affiliation',
  "lien d'affiliation", 'mon lien', 'lien en bio',
  // German
  'empfehlungscode', 'empfehlungslink', 'einladungscode', 'einladungslink', 'gutscheincode', 'gutschein',
  'rabattcode', 'aktionscode', 'promocode', 'promo-code', 'werbecode', 'freundescode', 'weiterempfehlen',
  'creator-code', 'affiliate-link', 'mein link', 'link in der bio', 'rabattlink',
  // Arabic
  'رمز الإحالة', 'رمز الاحالة', 'كود الإحالة', 'كود الاحالة', 'رابط الإحالة', 'رمز الدعوة', 'كود الدعوة',
  'كود الخصم', 'رمز الخصم', 'رمز ترويجي', 'كود ترويجي', 'كوبون', 'قسيمة',
  // Hebrew
  'קוד הפניה', 'קוד ההפניה', 'קישור הפניה', 'קוד קופון', 'קוד הנחה', 'קוד ההנחה', 'קוד הטבה', 'קוד חבר', 'קופון',
  // Japanese
  '紹介コード', '招待コード', 'クーポンコード', 'プロモーションコード', 'プロモコード', '割引コード', '紹介リンク',
  '招待リンク', '招待用url', '招待url', 'クーポン', '友達紹介',
  // Simplified Chinese
  '推荐码', '邀请码', '优惠码', '折扣码', '优惠券', '兑换码', '推广码', '邀请链接', '推荐链接',
];

const WEAK = [
  'code', 'codes', 'your code', 'kod', 'kode', 'کد', 'โค้ด', 'รหัส', 'kód*', 'código', 'codigo', 'رمز',
  'الرمز', 'كود', 'קוד', 'הקוד', 'コード', '码',
  // Where a shop asks for the code: "GRIND20MAY — enter at checkout", "an der Kasse eingeben". These label
  // only a code before them (see TRAILING).
  'at checkout', 'an der kasse', 'im warenkorb', 'au moment du paiement', 'lors du paiement', 'al pagar',
  'al finalizar la compra', 'no checkout', 'ao finalizar a compra', 'saat checkout', 'semasa checkout',
  'a pénztárnál', 'fizetéskor', 'هنگام پرداخت', 'عند الدفع', 'בקופה', '購入時', 'お会計時', '決済時', '结账时',
  '结算时', 'ตอนชำระเงิน', 'เมื่อชำระเงิน',
];

const DECOY = [
  // English
  'order', 'order number', 'order no', 'order id', 'order #', 'tracking', 'tracking number', 'tracking id',
  'tracking code', 'shipment', 'waybill', 'sku', 'item #', 'item no', 'item number', 'model', 'model number',
  'part number', 'product code', 'product id', 'item code', 'style code', 'upc', 'ean', 'isbn', 'asin', 'mpn',
  'invoice', 'invoice number', 'receipt', 'transaction', 'transaction id', 'confirmation number',
  'confirmation code', 'booking reference', 'booking code', 'reference', 'ref no', 'ref.', 'account number',
  'customer id', 'customer number', 'member id', 'zip code', 'zip', 'postal code', 'postcode', 'phone',
  'verification code', 'security code', 'captcha', 'otp', 'one-time', 'cvv', 'cvc', 'serial', 'serial number',
  'license key', 'error code', 'qr code', 'source code', 'color code', 'colour code', 'area code',
  'country code', 'barcode', 'bar code', 'vat id', 'tax id', 'iban', 'bic', 'swift', 'no.', 'nr.', 'nº', 'n°', '№',
  'message-id', 'ticket', 'id', 'trip id', 'auth code', 'authorization code', 'approval code', 'batch', 'lot',
  'security check', 'error', 'error code', 'item id', 'product number', 'product no', 'article number', 'art. no',
  'style #', 'style no', 'model no', 'mfr', 'manufacturer part', 'offer ref', 'case ref', 'case number', 'ref number',
  // Codes that are not promo codes: bookings (PNR), authorisations, returns, PINs, sign-in and access codes, card numbers.
  'pnr', 'booking number', 'booking ref', 'reservation code', 'reservation number', 'confirmation', 'authorisation code',
  'authorisation number', 'authorization number', 'return authorisation', 'return authorization', 'return code', 'return number',
  'rma', 'pin', 'pin code', 'card pin', 'gift card number', 'gift card pin', 'card number', 'voucher pin', 'access code',
  'sign-in code', 'sign in code', 'login code', 'log-in code', 'passcode', 'password', '2fa', '2fa code', 'two-factor code',
  'authentication code', 'pickup code', 'pick-up code', 'collection code', 'locker code', 'door code', 'entry code', 'activation code',
  // Malay / Indonesian
  'nombor pesanan', 'no. pesanan', 'pesanan', 'nombor penjejakan', 'penjejakan', 'poskod', 'invois', 'kod produk',
  'nomor pesanan', 'nomor resi', 'no. resi', 'resi', 'kode pos', 'faktur', 'kode produk', 'kode verifikasi',
  'kode otp', 'kode booking', 'kode pembayaran', 'virtual account', 'nomor invoice', 'npwp',
  'kode barang', 'kod barang', 'nomor model', 'nombor model', 'no. model',
  'kod tempahan', 'nombor tempahan', 'kod pengesahan', 'kod akses', 'kod keselamatan', 'kod pin', 'kod kebenaran', 'kod pemulangan',
  'kod pengambilan', 'kata laluan', 'nombor kad', 'kode pemesanan', 'kode reservasi', 'nomor reservasi', 'kode akses', 'kode keamanan',
  'kode otorisasi', 'kode pengembalian', 'kode retur', 'kode pin', 'nomor kartu', 'kata sandi', 'kode pengambilan', 'kode konfirmasi',
  'kode masuk', 'kode login',
  // Persian
  'شماره سفارش', 'کد سفارش', 'کد رهگیری', 'کد پیگیری', 'کد پستی', 'کد ملی', 'کد محصول', 'شماره فاکتور',
  'فاکتور', 'کد تایید', 'کد تأیید', 'شناسه', 'کد کالا', 'شماره کالا', 'کد فنی', 'شماره مدل',
  'کد رزرو', 'شماره رزرو', 'کد امنیتی', 'کد دسترسی', 'رمز عبور', 'رمز یکبار مصرف', 'کد ورود', 'شماره کارت', 'کد مرجوعی', 'کد مجوز', 'رمز کارت',
  // Thai
  'หมายเลขคำสั่งซื้อ', 'คำสั่งซื้อ', 'เลขพัสดุ', 'หมายเลขพัสดุ', 'หมายเลขติดตาม', 'รหัสไปรษณีย์', 'รหัสสินค้า',
  'รหัสผ่าน', 'รหัสยืนยัน', 'หมายเลขรุ่น', 'ใบแจ้งหนี้', 'ใบกำกับภาษี', 'เลขที่',
  'รหัสการจอง', 'หมายเลขการจอง', 'รหัสพิน', 'รหัส pin', 'รหัสเข้าใช้', 'รหัสความปลอดภัย', 'รหัส otp', 'รหัสอนุมัติ', 'รหัสคืนสินค้า',
  'หมายเลขบัตร', 'รหัสรับสินค้า',
  // Hungarian
  'rendelésszám*', 'rendelés azonosító*', 'számlaszám*', 'számla*', 'irányítószám*', 'cikkszám*', 'adószám*',
  'azonosító*', 'csomagszám*', 'nyomkövetési*', 'termékkód*', 'megerősítő kód*', 'típusszám*', 'modellszám*',
  'foglalási kód*', 'foglalási szám*', 'visszaigazoló kód*', 'hozzáférési kód*', 'biztonsági kód*', 'ellenőrző kód*', 'pin-kód*',
  'pin kód*', 'kártyaszám*', 'jelszó*', 'engedélyezési kód*', 'visszáru kód*', 'átvételi kód*', 'belépési kód*', 'egyszer használatos*',
  // Spanish
  'número de pedido', 'numero de pedido', 'pedido', 'número de seguimiento', 'seguimiento', 'factura',
  'código postal', 'codigo postal', 'código de producto', 'referencia del producto', 'código de verificación',
  'nif', 'cif', 'referencia', 'código del artículo', 'código de artículo', 'modelo', 'número de modelo',
  'código de reserva', 'codigo de reserva', 'localizador', 'número de reserva', 'código de confirmación', 'codigo de confirmacion',
  'código de autorización', 'codigo de autorizacion', 'código de acceso', 'codigo de acceso', 'código de seguridad', 'codigo de seguridad',
  'código pin', 'número de tarjeta', 'contraseña', 'código de devolución', 'código de recogida',
  // Brazilian Portuguese
  'número do pedido', 'numero do pedido', 'código de rastreio', 'codigo de rastreio', 'código de rastreamento',
  'rastreio', 'rastreamento', 'nota fiscal', 'cep', 'código do produto', 'código de barras', 'cnpj', 'cpf',
  'código de verificação', 'ref. do produto', 'referência do produto',
  'código de confirmação', 'código de autorização', 'código de acesso', 'código de segurança', 'senha', 'número do cartão',
  'código de devolução', 'código de retirada',
  // French
  'numéro de commande', 'commande', 'numéro de suivi', 'suivi', 'facture', 'code postal', 'référence', 'réf.',
  'code produit', 'code de vérification', 'siret', 'référence produit', 'réf. produit', 'modèle', 'code article',
  'code de réservation', 'numéro de réservation', 'référence de réservation', 'code de confirmation', "code d'autorisation",
  'code d’autorisation', "code d'accès", 'code d’accès', 'code de sécurité', 'code pin', 'code secret', 'mot de passe', 'numéro de carte',
  'code de retour', 'code de retrait', 'code de connexion', 'code à usage unique',
  // German
  'bestellnummer', 'bestell-nr', 'bestellung', 'sendungsnummer', 'sendungsverfolgung', 'trackingnummer',
  'artikelnummer', 'art.-nr', 'artikel-nr', 'rechnungsnummer', 'rechnungs-nr', 'rechnung', 'kundennummer',
  'kunden-nr', 'postleitzahl', 'plz', 'bestätigungscode', 'ust-idnr', 'steuernummer', 'auftragsnummer', 'zahlungsreferenz', 'verwendungszweck',
  'modell', 'modellnummer', 'herstellernummer', 'hersteller-nr', 'produktcode', 'produktnummer',
  'buchungscode', 'buchungsnummer', 'reservierungscode', 'reservierungsnummer', 'buchungsreferenz', 'autorisierungscode',
  'genehmigungscode', 'retourencode', 'retourennummer', 'rücksendecode', 'rücksendenummer', 'zugangscode', 'sicherheitscode', 'pin-code',
  'kartennummer', 'passwort', 'kennwort', 'abholcode', 'anmeldecode', 'einmalcode', 'freischaltcode', 'aktivierungscode',
  // Arabic
  'رقم الطلب', 'رقم التتبع', 'رقم الشحنة', 'رقم الفاتورة', 'الفاتورة', 'الرمز البريدي', 'رمز التحقق', 'رقم المنتج',
  'رمز المنتج', 'رقم الهاتف', 'كود المنتج', 'رقم الموديل', 'رمز الصنف',
  'رمز الحجز', 'رقم الحجز', 'كود الحجز', 'رمز التأكيد', 'رقم التأكيد', 'رمز التفويض', 'رمز الموافقة', 'رمز الدخول', 'رمز الأمان',
  'الرقم السري', 'كلمة المرور', 'رقم البطاقة', 'رمز الإرجاع', 'رقم الإرجاع', 'رمز الاستلام',
  // Hebrew
  'מספר הזמנה', 'מס\' הזמנה', 'מספר מעקב', 'חשבונית', 'מיקוד', 'מק"ט', 'מק״ט', 'קוד אימות', 'מספר לקוח', 'קוד מוצר', 'מספר דגם',
  'קוד אישור', 'מספר אישור', 'קוד גישה', 'קוד אבטחה', 'סיסמה', 'מספר כרטיס', 'קוד איסוף', 'קוד החזרה', 'קוד כניסה', 'קוד סודי',
  // Japanese
  '注文番号', 'ご注文番号', '追跡番号', 'お問い合わせ番号', '伝票番号', '商品番号', '品番', '型番', '請求書番号',
  '請求書', '郵便番号', '確認コード', '認証コード', '会員番号', '商品コード', '製品番号', 'janコード', '製品コード',
  '予約番号', '予約コード', '確認番号', '承認番号', '承認コード', 'アクセスコード', 'セキュリティコード', '暗証番号', 'パスワード',
  'カード番号', 'ギフトカード番号', '返品番号', '返品コード', '受取コード', 'ワンタイムパスワード', 'ログインコード',
  // Simplified Chinese
  '订单号', '订单编号', '运单号', '快递单号', '商品编号', '发票号', '发票', '邮编', '验证码', '会员号', '商品编码', '产品编号', '货号', '型号', '商品代码',
  '预订码', '预订号', '订座记录', '取票码', '取件码', '提货码', '确认码', '授权码', '访问码', '安全码', '密码', 'pin码', '卡号', '卡密',
  '退货码', '退货单号', '动态码', '登录码',
];

const TRAILING = new Set(WEAK.slice(WEAK.indexOf('at checkout')));

const LATIN = /^[\p{Script=Latin}\p{N}\s.'’#°º\-&]+$/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Entry {
  kind: KeywordKind;
  /** Labels only the token before it. */
  trailing: boolean;
  /** Must not run into a following letter or digit (Latin words that are not stems). */
  bounded: boolean;
}

const ENTRIES = new Map<string, Entry>();
for (const [kind, list] of [['decoy', DECOY], ['strong', STRONG], ['weak', WEAK]] as const) {
  for (const raw of list) {
    const word = raw.replace(/\*$/, '');
    // Entries that end in punctuation ("no.", "order #") already end at a boundary.
    const bounded = !raw.endsWith('*') && LATIN.test(word) && /[\p{L}\p{N}]$/u.test(word);
    if (!ENTRIES.has(word)) ENTRIES.set(word, { kind, bounded, trailing: kind === 'weak' && TRAILING.has(raw) });
  }
}

// Longest first: JavaScript alternation takes the first alternative that matches at a position, and
// "code promo" must win over "code" where both start. Latin-script entries share one start-of-word
// lookbehind; the end of a word is checked after matching. Both matter: case-insensitive matching or
// a lookahead per alternative makes this regex take hundreds of milliseconds to compile and run.
const words = [...ENTRIES.keys()].sort((a, b) => b.length - a.length);
// Alternatives grouped by their first character ("c(?:ode promo|oupon|ode)|k(?:…)"): the engine then tries only the
// group that can match at a position, not every keyword, so the list can grow without slowing the scan. Order
// within a group stays longest first.
const pattern = (list: string[]) => {
  const groups = new Map<string, string[]>();
  for (const w of list) {
    const first = String.fromCodePoint(w.codePointAt(0)!);
    let group = groups.get(first);
    if (!group) {
      group = [];
      groups.set(first, group);
    }
    group.push(escapeRegExp(w.slice(first.length)).replace(/ /g, '\\s+'));
  }
  return [...groups].map(([first, rests]) => `${escapeRegExp(first)}(?:${rests.join('|')})`).join('|');
};
const KEYWORD = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern(words.filter((w) => LATIN.test(w)))})|${pattern(words.filter((w) => !LATIN.test(w)))}`, 'gu');
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Lower case without changing offsets (the rare characters whose lower case is longer stay as they are). */
function lower(text: string): string {
  const folded = text.toLowerCase();
  if (folded.length === text.length) return folded;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

// Decoys that speak of an order in general ("your first order code X" still labels a promo code).
const ORDER_HEAD = new Set(['order', 'pedido', 'commande', 'bestellung', 'pesanan', 'rendelés']);

export interface KeywordHit {
  kind: KeywordKind;
  /** A phrase that labels only the token before it ("… at checkout"). */
  trailing?: boolean;
  start: number;
  end: number;
}

/** Every keyword in `text` (left to right, non-overlapping), with offsets relative to `text`. */
export function findKeywords(text: string): KeywordHit[] {
  const folded = lower(text);
  const hits: KeywordHit[] = [];
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(folded); m; m = KEYWORD.exec(folded)) {
    let matched = m[0];
    // "promo codes": the longest entry ran into a letter; fall back on a shorter one that ends on a word.
    for (;;) {
      const entry = ENTRIES.get(matched.replace(/\s+/g, ' '));
      const next = folded[m.index + matched.length];
      if (entry && !(entry.bounded && next && WORD_CHAR.test(next))) {
        const prev = hits[hits.length - 1];
        // "Return authorisation code", "PNR code", "PIN-Code": a bare "code" right after a decoy names that
        // decoy's code, not a promo code. (Not after "order": "your first order code X" is a promo code.)
        if (entry.kind === 'weak' && !entry.trailing && prev?.kind === 'decoy' && /^[^\S\n]*-?[^\S\n]*$/.test(folded.slice(prev.end, m.index)) && !ORDER_HEAD.has(folded.slice(prev.start, prev.end))) {
          prev.end = m.index + matched.length;
          break;
        }
        hits.push(entry.trailing ? { kind: entry.kind, start: m.index, end: m.index + matched.length, trailing: true } : { kind: entry.kind, start: m.index, end: m.index + matched.length });
        break;
      }
      const space = matched.search(/\s+\S*$/);
      if (space <= 0) break;
      matched = matched.slice(0, space);
    }
  }
  return hits;
}

/** Words on a button or its label that copy something to the clipboard. */
export const COPY_WORDS = /copy|kopier|salin|کپی|คัดลอก|másol|copiar|copier|نسخ|העתק|コピー|复制/i;

/**
 * A page's disclosure that it earns from its links ("affiliate links", "we may earn a commission"), in the
 * widget's 14 languages: its outbound ?ref= tags are then affiliate links even when they are plain words.
 */
export const AFFILIATE_WORDS = new RegExp(
  [
    'affiliate links?', 'affiliate disclosure', '(?:earn|receive|get|make)s? (?:a |an )?(?:small )?commission', 'reader-supported', 'amazon associate',
    'enlaces? de afiliad', '(?:recib|gan|obten)\\S* una (?:peque\u00f1a )?comisi\u00f3n', 'links? de afiliad', '(?:receb|ganh)\\S* (?:uma )?(?:pequena )?comiss\u00e3o',
    "liens? (?:d'|d\u2019)?affili", '(?:touch|per\u00e7|re\u00e7|recev)\\S* une (?:petite )?commission', 'affiliate-links?', 'provisions-?links?', 'werbelinks?',
    'partnerlinks?', '(?:erhalten|bekommen) wir (?:eine )?(?:kleine )?provision', 'tautan afiliasi', 'link afiliasi', 'pautan afiliasi',
    '(?:mendapat|menerima|mendapatkan) komisi', 'komisen afiliasi', 'partnerlink', 'jutal\u00e9kot kap', 'همکاری در فروش', 'روابط تابعة',
    'روابط الأفلييت', 'קישורי שותפים', 'עמלת שותפים', 'アフィリエイト', '联盟链接', '返佣链接', 'แอฟฟิลิเอต',
  ].join('|'),
  'i',
);
