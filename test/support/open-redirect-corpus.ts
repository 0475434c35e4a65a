/**
 * Destinations that must never be accepted for a merchant whose only allowed host is
 * `shop.example`: open-redirect tricks and inputs the WHATWG URL parser rejects.
 */
export const ALLOWED_HOST = 'shop.example';

const tricks = [
  // protocol-relative and slash/backslash confusion
  '//evil.example', '///evil.example', '\\\\evil.example', '/\\evil.example', '\\/evil.example', 'https:evil.example', 'https:/evil.example',
  'https:\\\\evil.example', 'https:\\/\\/evil.example', 'https://evil.example\\shop.example', 'https:///evil.example',
  // credentials and @ tricks
  'https://shop.example@evil.example', 'https://shop.example:443@evil.example', 'https://user:pass@shop.example/', 'https://evil.example#@shop.example',
  'https://evil.example?@shop.example', 'https://evil.example\\@shop.example', 'https://shop.example%40evil.example', 'https://evil.example%2f@shop.example',
  'https://evil.example%23@shop.example', 'https://shop.example&@evil.example',
  // look-alike and suffix hosts
  'https://shop.example.evil.example', 'https://evil.example/shop.example', 'https://evilshop.example', 'https://shop-example.example', 'https://shop.examp1e',
  'https://shop.example.', 'https://shop.example..', 'https://.shop.example', 'https://xn--shop-example.evil', 'https://sh\u043ep.example', 'https://\u0455hop.example',
  'https://shop\u3002example.evil.example', 'https://shop.example\u2044evil.example', 'https://shop.example:8443/', 'https://shop.example:443.evil.example',
  // encoded dots and slashes
  'https://shop.example%2eevil.example', 'https://evil.example%2fshop.example', 'https://evil.example%252f@shop.example',
  'https:%2f%2fevil.example', 'https:%5c%5cevil.example', '%2f%2fevil.example', '/%2f/evil.example',
  // IP forms
  'https://2130706433/', 'https://0x7f000001/', 'https://017700000001/', 'https://127.1/', 'https://127.0.0.1/', 'https://[::ffff:127.0.0.1]/', 'https://[::1]/',
  'https://0/', 'https://3232235521/', 'https://0x7f.0x0.0x0.0x1/', 'https://0177.0.0.1/', 'https://169.254.169.254/latest/meta-data/', 'http://localhost:8788/',
  // schemes with control characters
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0000javascript:alert(1)', ' javascript:alert(1)',
  'javascript://shop.example/%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://shop.example/', 'ws://shop.example/', 'blob:https://shop.example/uuid', 'http://shop.example/',
  // header injection and over-long
  'https://shop.example/\r\nLocation: https://evil.example', 'https://shop.example/%0d%0aSet-Cookie:x=1\u0000', `https://shop.example/${'a'.repeat(5000)}`,
  '', ' ', 'shop.example', 'shop.example/path', 'https://', 'https:',
];

// Inputs the WHATWG URL Standard's tests mark as failures (a parser must reject them).
const whatwgFailures = [
  'http://[::1', 'http://[www.google.com]/', 'http://[1::2]:3:4', 'http://[::1.2.3.]', 'http://[::1.2.3.4x]', 'http://[::1.2.3.4.5]', 'http://[1:2:3:4:5:6:7:8:9]',
  'http://a b/', 'http://a<b', 'http://a>b', 'http://a^b', 'http://a%00b/', 'http://%zz%66%a.com', 'http://%25', 'http://hello%00', 'http://192.168.0.257',
  'http://10000000000', 'http://0xffffffff1', 'http://256.256.256.256', 'http://4294967296', 'http://1.2.3.4.5', 'http://0x100.2.3.4', 'http://ex%0Aample.com',
  'http://user@/www.example.com', 'http:@/www.example.com', 'http:/@/www.example.com', 'http://@/www.example.com', 'https://@@@example', 'https://\u0000y',
  'https://\uFFFDy', 'https://x x:12', 'http://[', 'http://]', 'http://\u00AD/', 'https://xn--/', 'https://xn--a.xn--nxa', 'http://ho%00st/', 'http://ho%3Cst/',
  'http://a.b.c.xn--pokxncvks', 'http://10.0.0.XN--pokxncvks', 'http:/:@/www.example.com', 'https://\u200B/', 'non-special://[:80/', 'http://example example.com',
];

export const OPEN_REDIRECT_CORPUS: readonly string[] = [...tricks, ...whatwgFailures];
