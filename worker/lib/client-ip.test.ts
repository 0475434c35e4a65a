import { describe, expect, it } from 'vitest';
import { ipBucketOf } from './client-ip.ts';

describe('ipBucketOf', () => {
  it('keeps an IPv4 address whole', () => {
    expect(ipBucketOf('203.0.113.7')).toBe('203.0.113.7');
  });
  it('puts every address of one IPv6 /64 in one bucket, however it is written', () => {
    const bucket = ipBucketOf('2001:db8:85a3:12::1');
    expect(bucket).toBe('2001:db8:85a3:12::/64');
    for (const ip of [
      '2001:0db8:85a3:0012:ffff:ffff:ffff:ffff',
      '2001:DB8:85A3:12:1:2:3:4',
      '2001:db8:85a3:12::dead:beef',
    ])
      expect(ipBucketOf(ip)).toBe(bucket);
  });
  it('tells different /64s apart, also when :: shortens the prefix', () => {
    expect(ipBucketOf('2001:db8:85a3:13::1')).not.toBe(ipBucketOf('2001:db8:85a3:12::1'));
    expect(ipBucketOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipBucketOf('::1')).toBe('0:0:0:0::/64');
  });
  it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(ipBucketOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});
