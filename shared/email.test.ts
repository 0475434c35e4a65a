import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['Alice@Example.com', 'alice@example.com'],
    ['alice+promo@example.com', 'alice@example.com'],
    ['a.l.i.c.e@gmail.com', 'alice@gmail.com'],
    ['A.Lice+x@GoogleMail.com', 'alice@gmail.com'],
    ['a.lice@example.com', 'a.lice@example.com'],
  ])('%s -> %s', (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it('keeps different people apart', () => {
    expect(normalizeEmail('alice@example.com')).not.toBe(normalizeEmail('alice@example.org'));
    expect(normalizeEmail('alice.b@example.com')).not.toBe(normalizeEmail('aliceb@example.com'));
  });

  it('finds the domain', () => expect(emailDomain('x@Mailinator.com')).toBe('mailinator.com'));
});
