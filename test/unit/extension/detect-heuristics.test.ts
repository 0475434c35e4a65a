import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedBefore, profileHandle } from '../../../extension/lib/detect/handles.ts';
import { AFFILIATE_WORDS, findKeywords } from '../../../extension/lib/detect/keywords.ts';
import { labelScore } from '../../../extension/lib/detect/label-score.ts';
import { classifyLink, normalizeOrigins } from '../../../extension/lib/detect/links.ts';
import type { Finding } from '../../../extension/lib/detect/scan-page.ts';
import { classifyToken, isShouted } from '../../../extension/lib/detect/tokens.ts';
import { bundleForPage } from '../../../scripts/lib/bundle-for-page.ts';
import { CHROMIUM_ARGS, findChromium } from '../../support/chromium.ts';

const kinds = (text: string) => findKeywords(text).map((h) => `${h.kind}:${text.slice(h.start, h.end)}`);
const labelOf = (text: string, token: string) => {
  const start = text.indexOf(token);
  return labelScore(text, findKeywords(text), start, start + token.length);
};
const label = (text: string, token: string) => labelOf(text, token).score;

describe('classifyToken', () => {
  it.each(['SAVE20', 'ALEX-7K2Q', 'Anna2024', 'NORD_K7Q2X', 'BKK100'])('%s looks like a code', (t) => {
    expect(classifyToken(t).code).toBe(true);
  });
  it.each([
    ['Coffee', 'word'],
    ['btn-primary', 'word'],
    ['col-md-6', 'slug or class name'],
    ['500ml', 'measure'],
    ['1920x1080', 'measure'],
    ['1Z999AA10123456784', 'UPS tracking'],
    ['JNE0123456789', 'long number'],
    ['550e8400e29b', 'hex id'],
    ['12-MAR-2024', 'date'],
    ['RM10', 'amount'],
    ['FREE', 'shouted word'],
    ['SHIPPING', 'shouted word'],
    ['20250511', 'no letter'],
  ])('%s is not a code (%s)', (t, reason) => {
    expect(classifyToken(t)).toEqual({ code: false, reason });
  });
  it('rejects generic shouted words whatever their case', () => {
    for (const w of ['CREDIT', 'CREDITS', 'BALANCE', 'CLEARANCE', 'Free', 'sale']) expect(isShouted(w)).toBe(true);
    expect(isShouted('GREENWEEK')).toBe(false);
    expect(classifyToken('CREDIT')).toEqual({ code: false, reason: 'shouted word' });
  });
  it('keeps upper-case words apart: codes only with a label right before them', () => {
    expect(classifyToken('SPRING')).toEqual({ code: true, shape: 'upper-word' });
    expect(classifyToken('anna2024')).toEqual({ code: true, shape: 'lower-digits' });
  });
});

describe('findKeywords', () => {
  it('prefers the longest label at a position, so a decoy compound beats its bare "code"', () => {
    expect(kinds('Product code: X')).toEqual(['decoy:Product code']);
    expect(kinds('Code promo : X')).toEqual(['strong:Code promo']);
    expect(kinds('código de rastreio: X')).toEqual(['decoy:código de rastreio']);
  });
  it('matches whole Latin words, Hungarian suffixes, and scripts without spaces', () => {
    expect(kinds('barcode encoded')).toEqual(['decoy:barcode']);
    expect(kinds('Ajánlókódod: PETRA2024')).toEqual(['strong:Ajánlókód']);
    expect(kinds('ใช้โค้ดBKK100รับส่วนลด')).toEqual(['strong:ใช้โค้ด']);
    expect(kinds('あなたの紹介コード：TARO8X2Q')).toEqual(['strong:紹介コード']);
    expect(kinds('Use promo codes today')).toEqual(['strong:promo']);
  });
  it('names product, model and article numbers as decoys in every language', () => {
    for (const text of [
      'SKU: X',
      'Item ID: X',
      'Artikelnummer: X',
      'Modell: X',
      'Référence produit : X',
      'Código del artículo: X',
      'Modelo: X',
      'کد کالا: X',
      'شماره کالا: X',
      '商品コード：X',
      '製品番号：X',
      '货号：X',
      '型号：X',
      'קוד מוצר: X',
      'كود المنتج: X',
      'Kode barang: X',
      'Típusszám: X',
      'หมายเลขรุ่น X',
    ]) {
      expect(
        findKeywords(text).map((h) => h.kind),
        text,
      ).toEqual(['decoy']);
    }
  });
  it(`names codes that are not promo codes as decoys in every language (bookings, authorisations, returns, PINs, \
sign-in codes)`, () => {
    for (const text of [
      'Reservation code: X',
      'Authorisation code: X',
      'Access code: X',
      'Sign-in code: X',
      '2FA code: X',
      'Gift card PIN: X',
      'Pickup code: X',
      'Kod tempahan: X',
      'Kode reservasi: X',
      'کد رزرو: X',
      'รหัสการจอง X',
      'Foglalási kód: X',
      'Código de reserva: X',
      'Localizador: X',
      'Código de acesso: X',
      'Code de réservation : X',
      "Code d'accès : X",
      'Buchungscode: X',
      'Rücksendenummer: X',
      'رمز الحجز: X',
      'קוד אישור: X',
      '予約番号：X',
      '暗証番号：X',
      '取件码：X',
      '授权码：X',
    ]) {
      expect(
        findKeywords(text).map((h) => h.kind),
        text,
      ).toEqual(['decoy']);
    }
  });
  it('a bare "code" right after a decoy is part of it, except after an order in general', () => {
    expect(kinds('Return authorization code: X')).toEqual(['decoy:Return authorization code']);
    expect(kinds('RMA code: X')).toEqual(['decoy:RMA code']);
    expect(kinds('your first order code X')).toEqual(['decoy:order', 'weak:code']);
  });
  it('knows creator, affiliate and "my link" / "link in bio" labels', () => {
    for (const text of [
      'Creator code',
      'Code créateur',
      'Lien affilié',
      'Meu link',
      'Link na bio',
      'Link com desconto',
      'Mi enlace',
      'Mein Link',
      'Link di bio',
    ]) {
      expect(
        findKeywords(text).map((h) => h.kind),
        text,
      ).toEqual(['strong']);
    }
  });
  it('knows invite-link labels and "at checkout" phrases (which label only what comes before them)', () => {
    expect(kinds('Atau bagikan tautan undangan:')).toEqual(['strong:tautan undangan']);
    expect(findKeywords('Enter at checkout')).toEqual([{ kind: 'weak', start: 6, end: 17, trailing: true }]);
    expect(findKeywords('an der Kasse eingeben')[0]).toMatchObject({ kind: 'weak', trailing: true });
  });
});

describe('AFFILIATE_WORDS', () => {
  it.each([
    'We may earn a commission if you buy through links',
    'Some links below are affiliate links',
    'This site is reader-supported',
    'Diese Seite enthält Affiliate-Links',
    'Contiene enlaces de afiliados',
    'Cet article contient des liens affiliés',
    'このページはアフィリエイト広告を利用しています',
  ])('%s is an affiliate disclosure', (text) => {
    expect(AFFILIATE_WORDS.test(text)).toBe(true);
  });
  it.each([
    'No commission fees on transfers',
    'Cuenta sin comisiones',
    'European Commission report',
    'Our referral program',
  ])('%s is not', (text) => {
    expect(AFFILIATE_WORDS.test(text)).toBe(false);
  });
});

describe('labelScore', () => {
  it('the nearest label decides', () => {
    expect(label('Your referral code: ALEX7K2Q', 'ALEX7K2Q')).toBeGreaterThan(0.5);
    expect(label('Referral program · Order number: NC2025X1', 'NC2025X1')).toBe(-1);
    expect(label('NYAR15 kuponkóddal', 'NYAR15')).toBeGreaterThan(0.4);
  });
  it('a label belongs to the first code after it, unless the codes form a list', () => {
    // "use code" is a strong label, less the penalty
    expect(label('Use code SAVE20 on the new XR200 headphones', 'XR200')).toBeCloseTo(0.55 - 0.35);
    expect(label('codes: AAA111, BBB222 or CCC333', 'CCC333')).toBeCloseTo(0.4);
  });
  it('a product code label in any language rejects its value', () => {
    expect(label('کد کالا: TX-90-12A · برند', 'TX-90-12A')).toBe(-1);
    expect(label('商品コード：KB-2210X', 'KB-2210X')).toBe(-1);
    expect(label('Artikelnummer 4711-AB2', '4711-AB2')).toBe(-1);
  });
  it('a few words and a colon between label and code still label it ("my code too btw: x")', () => {
    expect(label("Here's my code too btw: mira7kx", 'mira7kx')).toBeCloseTo(0.65);
    expect(label("Here's my code too btw mira7kx", 'mira7kx')).toBeCloseTo(0.55);
    // Not across a sentence or with numbers in between.
    expect(label('my code. Works until 2026: mira7kx', 'mira7kx')).toBeCloseTo(0.55);
  });
  it(`a bare English noun label and the word after it form a compound ("PROMO CREDIT"), unless a verb asks to use \
it`, () => {
    expect(labelOf('it showed up as PROMO GIFTBOX on my card', 'GIFTBOX')).toMatchObject({
      explicit: false,
      near: false,
    });
    expect(labelOf('referral BONUSPACK paid out', 'BONUSPACK').explicit).toBe(false);
    expect(labelOf('Use coupon SPRING today', 'SPRING').explicit).toBe(true);
    expect(labelOf('Use o cupom PRIMEIRACOMPRA e ganhe', 'PRIMEIRACOMPRA').explicit).toBe(true);
    expect(labelOf('promo: SPRING', 'SPRING').explicit).toBe(true);
  });
  it(`a strong label shortly before in the same sentence is "near", not after a preposition or a sentence \
break`, () => {
    expect(labelOf('They also have a promo this month, GREENWEEK, that', 'GREENWEEK').near).toBe(true);
    expect(labelOf('Find a coupon for TARGET here', 'TARGET').near).toBe(false);
    expect(labelOf('We love promo codes. GREENWEEK is a plant shop', 'GREENWEEK').near).toBe(false);
    expect(labelOf('Use code AAA111 or the promo this month, GREENWEEK', 'GREENWEEK').near).toBe(true);
  });
  it('a decoy labels its own value: it does not reach past that value into the next block', () => {
    expect(label('Offer ID 771203\nHELLO30X', 'HELLO30X')).toBe(0);
    expect(label('Offer ID 771203 HELLO30X', 'HELLO30X')).toBe(-1);
    expect(label('Order ID\nHELLO30X', 'HELLO30X')).toBe(-1);
  });
  it('"your next order", "tu primer pedido" speak of an order, not of its number', () => {
    expect(label('20% off your next order:\nTEA15JUNE', 'TEA15JUNE')).toBe(0);
    expect(label('Get 10% off your first order with code TEA15JUNE', 'TEA15JUNE')).toBeGreaterThan(0.5);
    expect(label('Your order: TEA15JUNE', 'TEA15JUNE')).toBe(-1);
    expect(label('Order TEA15JUNE shipped', 'TEA15JUNE')).toBe(-1);
  });
  it('a decoy such as PNR or a PIN between a bare "code" and the token rejects it', () => {
    expect(label('Trip code (PNR): ZT4Q9W', 'ZT4Q9W')).toBe(-1);
    expect(label('Card number 4000 1111 2222 3333 · PIN Q7RM-2KX9', 'Q7RM-2KX9')).toBe(-1);
    expect(label('Return authorisation code: RTN-5QX8Z', 'RTN-5QX8Z')).toBe(-1);
    expect(label('Promo code: SAVE5QX8', 'SAVE5QX8')).toBeGreaterThan(0.5);
  });
  it('"mine is X" after a strong label stands for that code, across a sentence break', () => {
    const text = 'No need for a referral from the forum. Mine is lena4kq if yours ran out';
    expect(labelOf(text, 'lena4kq')).toMatchObject({ explicit: true });
    expect(label(text, 'lena4kq')).toBeGreaterThanOrEqual(0.7);
    expect(labelOf('Le parrainage est ouvert. Le mien est jul3kx', 'jul3kx')).toMatchObject({ explicit: true });
    // Without the pronoun the sentence break keeps the label weak.
    expect(labelOf('No need for a referral from the forum. Printer is mk4x2b now', 'mk4x2b')).toMatchObject({
      explicit: false,
    });
  });
  it('a decoy after the token labels its own value on the next line, not the token', () => {
    expect(label('SAVE30NOW\nOrder ID 4471', 'SAVE30NOW')).toBe(0);
    expect(label('SAVE30NOW (order ID)', 'SAVE30NOW')).toBe(-1);
    expect(label('SAVE30NOW\nOrder ID', 'SAVE30NOW')).toBe(-1);
  });
  it('"at checkout" labels the code before it, not the one after', () => {
    expect(label('GRIND20MAY\nEnter at checkout. Expires soon', 'GRIND20MAY')).toBeCloseTo(0.25);
    expect(label('at checkout for 10% off the RX-870 until June', 'RX-870')).toBe(0);
  });
});

describe('classifyLink', () => {
  const vouch = normalizeOrigins(['https://go.vouch.example/']);
  const base = 'https://shop.example/page';
  it('recognises Vouch links on the given origins only', () => {
    expect(classifyLink('https://go.vouch.example/r/ALEX-7K2Q', base, vouch)).toMatchObject({
      vouch: true,
      strength: 1,
    });
    expect(classifyLink('https://other.example/r/ALEX-7K2Q', base, vouch)).toMatchObject({ vouch: false });
  });
  it('reads referral parameters and paths, not traffic tags or subreddits', () => {
    expect(classifyLink('/signup?ref=ALEX20', base, vouch)?.href).toBe('https://shop.example/signup?ref=ALEX20');
    expect(classifyLink('/p/12?ref=grid', base, vouch)).toBeNull();
    expect(classifyLink('/refer/terms', base, vouch)).toBeNull();
    expect(classifyLink('https://www.reddit.com/r/AskReddit', base, vouch)).toBeNull();
    expect(classifyLink('mailto:a@b.example?ref=X', base, vouch)).toBeNull();
  });
  it('takes a code-like last segment of an unknown shape only when the page labels the link', () => {
    expect(classifyLink('https://tokokita.example.id/p/BUDI2024', base, vouch)).toBeNull();
    expect(classifyLink('https://tokokita.example.id/p/BUDI2024', base, vouch, true)?.strength).toBe(0.3);
  });
  it('reads invite and referral path words in the widget languages, written or percent-encoded', () => {
    for (const url of [
      'https://a.example.id/ajak/BUDI2024',
      'https://a.example.id/undang/RINA5K2',
      'https://a.example.my/jemput/AMIRA88K',
      'https://a.example.fr/parrainage/CAMILLE8',
      'https://a.example.de/einladung/MAX22Q',
      'https://a.example.br/convite/ANA10X',
      'https://a.example.es/invitar/LUCIA7Z',
      'https://a.example.hu/meghivo/PETRA24',
      'https://a.example.jp/%E6%8B%9B%E5%BE%85/TARO8X2',
      'https://a.example.cn/邀请/LI8K2Q',
      'https://a.example.co.il/הזמנה/DANA5X',
      'https://shop.example/discount/SAVE20',
    ]) {
      expect(classifyLink(url, base, vouch)?.strength, url).toBe(0.55);
    }
    // A plain word after the path word is a handle or a page
    // (/undang/syarat): it needs a label, as /invite/janedoe does.
    expect(classifyLink('https://a.example.id/undang/syarat', base, vouch)?.strength).toBe(0.3);
  });
  it('takes a `code` parameter on an invite or referral path only, and only a code-like one', () => {
    expect(classifyLink('https://app.example.jp/invite?code=KEI7M2Q9', base, vouch)?.strength).toBe(0.55);
    expect(classifyLink('https://app.example/parrainage?code=JULIE5K', base, vouch)?.strength).toBe(0.55);
    expect(classifyLink('https://app.example/auth/callback?code=KEI7M2Q9', base, vouch)).toBeNull();
    expect(classifyLink('https://app.example/invite?code=12345', base, vouch)).toBeNull();
  });
  it('takes a short code parameter (?c=) and a user parameter (?u=) on a referral or invite path only', () => {
    expect(classifyLink('https://ride.example/invite?c=MARA-5QX2', base, vouch)?.strength).toBe(0.55);
    expect(classifyLink('https://ride.example/search?c=MARA5QX2', base, vouch)).toBeNull();
    expect(classifyLink('https://maker.example/r?u=printer_99', base, vouch)?.strength).toBe(0.45);
    expect(classifyLink('https://maker.example/catalog?u=printer_99', base, vouch)).toBeNull();
    expect(classifyLink('https://maker.example/r?u=https%3A%2F%2Fother.example%2F', base, vouch)).toBeNull();
  });
  it('takes ?aff= and ?partner= only with a label or an affiliate disclosure, never a traffic tag', () => {
    const url = 'https://bikes.example/?aff=tomrides';
    expect(classifyLink(url, base, vouch)).toBeNull();
    expect(classifyLink(url, base, vouch, { labelled: true })?.strength).toBe(0.3);
    expect(classifyLink(url, base, vouch, { affiliate: true })?.strength).toBe(0.5);
    expect(classifyLink('https://bikes.example/?partner=TOM5RX', base, vouch, { labelled: true })?.strength).toBe(0.55);
    expect(classifyLink('https://bikes.example/?partner=footer', base, vouch, { affiliate: true })).toBeNull();
  });
  it(`takes a plain-word ?ref= only on a labelled link, or on an outbound link of a page that discloses affiliate \
links`, () => {
    const url = 'https://maker.example/products/x1?ref=gearlab';
    expect(classifyLink(url, base, vouch)).toBeNull();
    expect(classifyLink(url, base, vouch, { labelled: true })?.strength).toBe(0.3);
    expect(classifyLink(url, base, vouch, { affiliate: true })?.strength).toBe(0.5);
    // The page's own links and traffic tags stay out.
    expect(classifyLink('https://shop.example/products/x1?ref=gearlab', base, vouch, { affiliate: true })).toBeNull();
    expect(classifyLink('https://maker.example/products/x1?ref=sidebar', base, vouch, { affiliate: true })).toBeNull();
  });
});

describe('handles', () => {
  it('reads the handle a profile URL names, not a referral or an ordinary page', () => {
    expect(profileHandle('/u/Alice2024')).toBe('Alice2024');
    expect(profileHandle('https://forum.example/members/RunnerAlex22/')).toBe('RunnerAlex22');
    expect(profileHandle('https://social.example/@Kiki2021')).toBe('Kiki2021');
    expect(profileHandle('https://video.example/c/Mira7Runs?sub=1')).toBe('Mira7Runs');
    expect(profileHandle('https://shop.example/invite/JENNY7Q')).toBeNull();
    expect(profileHandle('https://shop.example/products/X100')).toBeNull();
    expect(profileHandle('/u/Alice2024/posts/7')).toBeNull();
  });
  it('"by X", "posted by X", "por X" put a name after them', () => {
    expect(namedBefore('Referral codes posted by Zed1999', 'Referral codes posted by '.length)).toBe(true);
    expect(namedBefore('foto por Bruna2020', 'foto por '.length)).toBe(true);
    expect(namedBefore('Save 20% using SAVE20', 'Save 20% using '.length)).toBe(false);
    expect(namedBefore('Standby SAVE20', 'Standby '.length)).toBe(false);
  });
});

// Structure rules need a real DOM: the detector bundled as the extension injects it, run on synthetic
// snippets in Chromium.
describe('scanPage on synthetic snippets, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let detector: string;
  const scan = async (html: string, title = 'Page'): Promise<string[]> => {
    await page.setContent(`<!doctype html><html><head><title>${title}</title></head><body>${html}</body></html>`);
    await page.evaluate(detector);
    const findings = (await page.evaluate('__vouchDetect.scanPage(document, { vouchOrigins: [] })')) as Finding[];
    return findings.map((f) => f.value).sort();
  };

  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath)
      throw new Error('Chromium is needed for this test (apt-get install chromium, or set CHROMIUM_PATH).');
    detector = await bundleForPage('extension/lib/detect/scan-page.ts', '__vouchDetect');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage();
  }, 30_000);
  afterAll(async () => browser?.close());

  it('a token alone in an element named as the code box is a code, even without a label', async () => {
    expect(
      await scan('<p>Take 20% off your next order:</p><p class="code">TEA15JUNE</p><p>Expires Friday.</p>'),
    ).toEqual(['TEA15JUNE']);
    expect(await scan('<p>Take 20% off your next order:</p><p>TEA15JUNE</p><p>Expires Friday.</p>')).toEqual([]);
    expect(await scan('<p>Take 20% off:</p><p>TEA15JUNE</p><p>Enter at checkout.</p>')).toEqual(['TEA15JUNE']);
    expect(await scan('<p>Scan at the till:</p><p class="barcode">TEA15JUNE</p><p>Expires Friday.</p>')).toEqual([]);
  });

  it(`a word without digits, in any case, is a code only alone in a code box backed by a copy button, a label or a \
page about codes`, async () => {
    const card =
      '<div class="coupon"><h3>Free standard shipping</h3><p>1,107 uses</p><div class="codebox">Shipfast</div></div>';
    expect(await scan(`<h1>Sockshop coupon codes</h1>${card}`)).toEqual(['Shipfast']);
    expect(await scan(`<h1>Sockshop</h1>${card}`)).toEqual([]);
    expect(await scan('<div><span class="promo-code">sunnyday</span> <button>Copy</button></div>')).toEqual([
      'sunnyday',
    ]);
    expect(await scan('<div><span class="promo-code">sunnyday</span></div>')).toEqual([]);
    // Labels and shouted words are not codes, in a code box or not.
    expect(
      await scan(
        '<h1>Coupon codes</h1><div><span class="code">Verified</span><span class="coupon-code">Code</span></div>',
      ),
    ).toEqual([]);
  });

  it(`an upper-case word set apart shortly after a strong label in the same sentence is a code; a compound or a name \
is not`, async () => {
    expect(await scan('<p>There is also a promo this month, <b>GREENWEEK</b>, for 10% off.</p>')).toEqual([
      'GREENWEEK',
    ]);
    expect(await scan('<p>There is also a promo this month, GREENWEEK, for 10% off.</p>')).toEqual([]);
    expect(await scan('<p>Find a coupon for <b>TARGET</b> below.</p>')).toEqual([]);
    expect(await scan('<p>It showed up as "PROMO CREDIT 250.00" and "PROMO GIFTBOX" on my card.</p>')).toEqual([]);
    expect(await scan('<p>Use coupon SPRING at the till.</p>')).toEqual(['SPRING']);
  });

  it('a lower-case code after "my code …:" is found; a product code labelled in Persian is not', async () => {
    expect(await scan("<p>Same here. Here's my referral code too btw: mira7kx</p>")).toEqual(['mira7kx']);
    expect(await scan('<p>کد تخفیف: <b>BAHAR20</b></p><p>کد کالا: <span>TX-90-12A</span> · برند: گیلان</p>')).toEqual([
      'BAHAR20',
    ]);
  });

  it(`aria-hidden text counts when it is a decorative strip on screen (a ticker), not when off-screen or a plain \
block`, async () => {
    const strip = 'white-space:nowrap;overflow:hidden';
    expect(
      await scan(
        `<div style="${strip}" aria-hidden="true"><span>Free delivery with code <b>GOFAST9</b></span></div>` +
          `<p>Hello</p>`,
      ),
    ).toEqual(['GOFAST9']);
    expect(
      await scan(
        `<div style="${strip};position:absolute;left:-9999px;width:1px;height:1px" ` +
          `aria-hidden="true">code <b>GOFAST9</b></div>`,
      ),
    ).toEqual([]);
    expect(
      await scan(
        `<div style="height:20px;overflow:hidden">` +
          `<div style="${strip};transform:translateY(40px)" aria-hidden="true">code <b>GOFAST9</b></div></div>`,
      ),
    ).toEqual([]);
    expect(await scan('<div aria-hidden="true"><p>Partner code <b>GOFAST9</b> for resellers.</p></div>')).toEqual([]);
    expect(await scan(`<div style="${strip}" inert>code <b>GOFAST9</b></div>`)).toEqual([]);
  });

  it('rejects PINs, return authorisations and booking codes whose label contains "code"', async () => {
    expect(await scan('<p>E-gift card<br><span>Card number 4000 1111 2222 3333 · PIN Q7RM-2KX9</span></p>')).toEqual(
      [],
    );
    expect(await scan('<p>Your return authorisation code: <b>RTN-5QX8Z</b>. Print it.</p>')).toEqual([]);
    expect(await scan('<dl><dt>Trip code (PNR)</dt><dd>ZT4Q9W</dd></dl>')).toEqual([]);
    expect(await scan('<p>Promo code: <b>SAVE5QX8</b></p>')).toEqual(['SAVE5QX8']);
  });

  it('a link written out as its own text is labelled by the words just before it on its line', async () => {
    const link = (href: string) => `<a href="${href}">${href}</a>`;
    expect(
      await scan(`<p>Intro.<br>Mi enlace de afiliado: ${link('https://tienda.example/?aff=martabici')}</p>`),
    ).toEqual(['https://tienda.example/?aff=martabici']);
    expect(await scan(`<p>Intro.<br>La tienda: ${link('https://tienda.example/?aff=martabici')}</p>`)).toEqual([]);
    expect(await scan(`<p>O link com desconto está aqui → ${link('https://loja.example/?ref=julifit')}</p>`)).toEqual([
      'https://loja.example/?ref=julifit',
    ]);
    expect(await scan(`<p>Veja a loja → ${link('https://loja.example/?ref=julifit')}</p>`)).toEqual([]);
    // The nearest label decides: a decoy between the link label and the link wins.
    expect(
      await scan(`<p>Meu link do pedido, código de rastreio: ${link('https://loja.example/?ref=julifit')}</p>`),
    ).toEqual([]);
  });

  it('a lower-case code after "mine is" following a referral mention is found', async () => {
    expect(await scan('<p>skip the public deal if you want a referral. mine is lena4kq (lowercase)</p>')).toEqual([
      'lena4kq',
    ]);
    expect(await scan('<p>skip the public deal if you want a referral. printer is lena4kq (lowercase)</p>')).toEqual(
      [],
    );
  });

  it("a decoy's value in its own block does not make the code in the next block a decoy", async () => {
    const html =
      '<h1>Shop coupon codes</h1><div class="coupon"><p>Offer ID 55512</p>' +
      '<div class="codebox">SAVE30NOW</div></div><p>Order ID <b>ZX12345</b></p>';
    expect(await scan(html)).toEqual(['SAVE30NOW']);
  });

  it(`reads open shadow roots (nested, slotted) and same-origin frames; not closed roots, hidden frames or hidden \
shadow text`, async () => {
    const host = (mode: string, html: string) =>
      `<div id="h"></div><script>document.getElementById('h').attachShadow({ mode: '${mode}' })` +
      `.innerHTML = ${JSON.stringify(html)};</script>`;
    expect(await scan(host('open', '<p>Use promo code <b>SHADOW20X</b> today.</p>'))).toEqual(['SHADOW20X']);
    expect(await scan(host('closed', '<p>Use promo code <b>SHADOW20X</b> today.</p>'))).toEqual([]);
    expect(await scan(host('open', '<p hidden>Use promo code <b>SHADOW20X</b> today.</p>'))).toEqual([]);
    // Slotted light content shows where its slot is, and is read there, once.
    const slotted =
      `<div id="h"><b slot="c">SLOT5QX2</b></div><script>document.getElementById('h').attachShadow({ mode: 'open' })` +
      `.innerHTML = '<p>Your referral code: <slot name="c"></slot></p>';</script>`;
    expect(await scan(slotted)).toEqual(['SLOT5QX2']);
    const frame = (attrs: string) => `<iframe ${attrs} srcdoc="<p>Use promo code <b>FRAME8KQ</b> today.</p>"></iframe>`;
    const framed = async (attrs: string) => {
      await page.setContent(`<!doctype html><html><head><title>Page</title></head><body>${frame(attrs)}</body></html>`);
      await page.frames()[1]!.waitForSelector('b', { state: 'attached' });
      await page.evaluate(detector);
      return ((await page.evaluate('__vouchDetect.scanPage(document, { vouchOrigins: [] })')) as Finding[]).map(
        (f) => f.value,
      );
    };
    expect(await framed('')).toEqual(['FRAME8KQ']);
    expect(await framed('style="display:none"')).toEqual([]);
    // A sandboxed frame has an opaque origin, as a cross-origin one: unreadable, left out, no error.
    expect(await framed('sandbox')).toEqual([]);
  });

  it('tells usernames and handles beside codes from codes', async () => {
    const thread =
      '<p><a href="/u/Alice2024">Alice2024</a> · 2h</p>' +
      '<p>My referral code is <b>ALICE-R8K2</b>. Thanks @sam_runs99!</p>' +
      '<p>Referral codes posted by Zed1999 have expired. Ask Kiki2021 for hers: ' +
      '<a href="https://social.example/@Kiki2021">profile</a></p>';
    expect(await scan(thread)).toEqual(['ALICE-R8K2']);
    // A creator code that is also its creator's handle is still a code when a label names it.
    expect(await scan('<p><a href="/c/MIRA7RUN">@MIRA7RUN</a></p><p>Use creator code: MIRA7RUN</p>')).toEqual([
      'MIRA7RUN',
    ]);
  });

  it(`finds invite links by their path word or \`code\` parameter, and affiliate links on pages that disclose \
them`, async () => {
    expect(
      await scan(
        '<p>Bagikan: <a href="https://makan.example.id/undang/RINA5K2">makan.example.id/undang/RINA5K2</a></p>',
      ),
    ).toEqual(['https://makan.example.id/undang/RINA5K2']);
    expect(
      await scan(
        '<p><a href="https://app.example.jp/invite?code=TARO8X2Q">招待URL</a> ' +
          '<a href="https://app.example.jp/login?code=TARO8X2Q">ログイン</a></p>',
      ),
    ).toEqual(['https://app.example.jp/invite?code=TARO8X2Q']);
    const buy =
      '<p><a href="https://maker.example/p/x1?ref=gearlab">Buy the X1</a> ' +
      '<a href="https://maker.example/p/x2?ref=sidebar">X2</a></p>';
    expect(await scan(`<p>We may earn a commission when you buy through links on this page.</p>${buy}`)).toEqual([
      'https://maker.example/p/x1?ref=gearlab',
    ]);
    expect(await scan(buy)).toEqual([]);
    expect(
      await scan('<p>Sign up with my link: <a href="https://maker.example/?ref=janedoe">maker.example</a></p>'),
    ).toEqual(['https://maker.example/?ref=janedoe']);
  });
});
