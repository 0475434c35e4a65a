import { describe, expect, it } from 'vitest';
import { classifyHost, parseIpv6 } from './ip-ranges.ts';
import { checkWebhookUrl } from './schemas/webhook.ts';

const hostOf = (url: string) => new URL(url).hostname;

// Every spelling the WHATWG URL parser accepts for an address a server must not reach.
const INTERNAL: [url: string, reason: string][] = [
  ['https://127.0.0.1/', 'loopback'],
  ['https://2130706433/', 'loopback'],
  ['https://0177.0.0.1/', 'loopback'],
  ['https://0x7f.1/', 'loopback'],
  ['https://0x7f000001/', 'loopback'],
  ['https://127.1/', 'loopback'],
  ['https://127.255.255.254/', 'loopback'],
  ['https://%31%32%37.0.0.1/', 'loopback'],
  ['https://\uFF11\uFF12\uFF17.0.0.1/', 'loopback'],
  ['https://127\u30020\u30020\u30021/', 'loopback'],
  ['https://[::1]/', 'loopback'],
  ['https://[0:0:0:0:0:0:0:1]/', 'loopback'],
  ['https://[::ffff:127.0.0.1]/', 'loopback'],
  ['https://[::ffff:7f00:1]/', 'loopback'],
  ['https://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback'],
  ['https://0/', 'unspecified'],
  ['https://0.0.0.0/', 'unspecified'],
  ['https://[::]/', 'unspecified'],
  ['https://10.0.0.1/', 'private'],
  ['https://012.1/', 'private'],
  ['https://172.16.0.1/', 'private'],
  ['https://172.31.255.255/', 'private'],
  ['https://192.168.1.1/', 'private'],
  ['https://3232235777/', 'private'],
  ['https://[::ffff:192.168.0.1]/', 'private'],
  ['https://[::ffff:a00:1]/', 'private'],
  ['https://[fc00::1]/', 'private'],
  ['https://[fd12:3456::1]/', 'private'],
  ['https://[fec0::1]/', 'private'],
  ['https://169.254.169.254/', 'link_local'],
  ['https://[fe80::1]/', 'link_local'],
  ['https://[febf::1]/', 'link_local'],
  ['https://[::ffff:169.254.169.254]/', 'link_local'],
  ['https://100.64.0.1/', 'cgnat'],
  ['https://100.127.255.255/', 'cgnat'],
  ['https://224.0.0.1/', 'multicast'],
  ['https://239.255.255.250/', 'multicast'],
  ['https://[ff02::1]/', 'multicast'],
  ['https://255.255.255.255/', 'reserved'],
  ['https://240.0.0.1/', 'reserved'],
  ['https://192.0.2.1/', 'reserved'],
  ['https://198.18.0.1/', 'reserved'],
  ['https://198.51.100.7/', 'reserved'],
  ['https://203.0.113.9/', 'reserved'],
  ['https://192.0.0.8/', 'reserved'],
  ['https://[64:ff9b::7f00:1]/', 'reserved'],
  ['https://[64:ff9b::808:808]/', 'reserved'],
  ['https://[64:ff9b:1::a00:1]/', 'reserved'],
  ['https://[2001:db8::1]/', 'reserved'],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'reserved'],
  ['https://[2002:7f00:1::1]/', 'reserved'],
  ['https://[::127.0.0.1]/', 'reserved'],
  ['https://[::7f00:2]/', 'reserved'],
  ['https://[100::1]/', 'reserved'],
  ['https://[4000::1]/', 'reserved'],
  ['https://localhost/', 'local_name'],
  ['https://LOCALHOST./', 'local_name'],
  ['https://localhost../', 'local_name'],
  ['https://api.localhost/', 'local_name'],
  ['https://localhost.localdomain/', 'local_name'],
  ['https://ip6-localhost/', 'local_name'],
  ['https://ip6-loopback/', 'local_name'],
  ['https://printer.local/', 'local_name'],
  ['https://metadata.google.internal/', 'local_name'],
  ['https://router.home.arpa/', 'local_name'],
  ['https://nas.lan/', 'local_name'],
  ['https://intranet/', 'local_name'],
  ['https://metadata/', 'local_name'],
  ['https://1.0.0.127.in-addr.arpa/', 'local_name'],
];

const PUBLIC = [
  'https://hooks.example/x',
  'https://8.8.8.8/',
  'https://1.1.1.1/',
  'https://100.63.255.255/',
  'https://100.128.0.1/',
  'https://172.15.255.255/',
  'https://172.32.0.1/',
  'https://169.253.0.1/',
  'https://[2606:4700:4700::1111]/',
  'https://[::ffff:8.8.8.8]/',
  'https://local.example.com/',
  'https://localhost.example.com/',
  'https://internal.example.com/',
  'https://127.0.0.1.example.com/',
  'https://b\u00FCcher.example/',
];

describe('classifyHost', () => {
  it.each(INTERNAL)('%s is internal (%s)', (url, reason) => {
    expect(classifyHost(hostOf(url))).toEqual({ kind: 'internal', reason });
  });

  it.each(PUBLIC)('%s is public', (url) => {
    expect(classifyHost(hostOf(url))).toEqual({ kind: 'public' });
  });

  it('parses IPv6 forms the URL parser never produces, and refuses malformed ones', () => {
    expect(parseIpv6('0:0:0:0:0:ffff:7f00:1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(parseIpv6('[::ffff:10.1.2.3]')!.slice(12)).toEqual([10, 1, 2, 3]);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::1', '12345::1', '::1.2.3']) {
      expect(parseIpv6(bad), bad).toBeNull();
    }
    // Spellings a caller might pass without the URL parser: still never public.
    expect(classifyHost('0x7f.1').kind).toBe('internal');
    expect(classifyHost('2130706433').kind).toBe('internal');
    expect(classifyHost('[::ffff:127.0.0.1]')).toEqual({ kind: 'internal', reason: 'loopback' });
  });
});

describe('checkWebhookUrl', () => {
  const live = { allowLocal: false };
  const testMode = { allowLocal: true };

  it.each(INTERNAL.map(([url]) => url))('refuses %s for a live key', (url) => {
    expect(checkWebhookUrl(url, live)).toHaveProperty('problem');
  });

  it('refuses userinfo tricks and non-local hosts even in test mode', () => {
    expect(checkWebhookUrl('https://good.example@127.0.0.1/', testMode)).toEqual({ problem: 'invalid_url' });
    expect(checkWebhookUrl('https://127.0.0.1@good.example/', live)).toEqual({ problem: 'invalid_url' });
    const internal = ['https://10.0.0.1/', 'http://169.254.169.254/latest', 'https://[fd00::1]/', 'https://x.local/'];
    for (const url of internal) {
      expect(checkWebhookUrl(url, testMode), url).toEqual({ problem: 'internal_host' });
    }
  });

  it('test mode keeps allowing localhost and 127.0.0.1 (http too); live mode does not', () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'https://localhost/hook']) {
      expect(checkWebhookUrl(url, testMode), url).toEqual({ url });
      expect(checkWebhookUrl(url, live), url).toEqual({ problem: 'host_not_allowed' });
    }
  });

  it('accepts public https receivers, never plain http to them', () => {
    for (const url of PUBLIC) expect(checkWebhookUrl(url, live), url).toEqual({ url: new URL(url).toString() });
    expect(checkWebhookUrl('http://hooks.example/x', live)).toEqual({ problem: 'scheme_not_allowed' });
  });
});
