import { describe, expect, it } from 'vitest';
import { scrubJson, scrubSerialized, scrubText } from './scrub-personal.ts';

const person = {
  externalId: 'cust-7781-zeta',
  emails: ['Zeta.Q@Example.com'],
  names: ['Zeta Quill'],
  marker: 'erased_abc',
};

describe('scrubText', () => {
  it('replaces the id by the marker and an email (any case) or name by null when they are the whole value', () => {
    expect(scrubText('cust-7781-zeta', person)).toBe('erased_abc');
    expect(scrubText('zeta.q@example.com', person)).toBeNull();
    expect(scrubText('Zeta Quill', person)).toBeNull();
  });

  it('cuts a long needle out of a sentence, keeping the rest', () => {
    expect(scrubText('order by cust-7781-zeta (ZETA.Q@example.COM)', person)).toBe('order by erased_abc (erased_abc)');
  });

  it('finds the person URL-encoded too (an id or email in a path or query)', () => {
    const guest = { ...person, externalId: 'email:zeta.q@example.com' };
    expect(scrubText('GET /v1/customers/email%3Azeta.q%40example.com/export', guest)).toBe(
      'GET /v1/customers/erased_abc/export',
    );
  });

  it('leaves a short id inside other text alone (it is not the person there), and ids keep their case', () => {
    const short = { ...person, externalId: '42' };
    expect(scrubText('42', short)).toBe('erased_abc');
    expect(scrubText('refund of 4200', short)).toBe('refund of 4200');
    expect(scrubText('CUST-7781-ZETA', person)).toBe('CUST-7781-ZETA');
  });
});

describe('scrubJson and scrubSerialized', () => {
  it('walks objects and arrays and keeps numbers, booleans and null', () => {
    const value = { a: [{ email: 'zeta.q@example.com', n: 5 }], ok: true, none: null, id: 'cust-7781-zeta' };
    expect(scrubJson(value, person)).toEqual({ a: [{ email: null, n: 5 }], ok: true, none: null, id: 'erased_abc' });
  });

  it('answers null when the text holds nothing of the person, and scrubs plain text as text', () => {
    expect(scrubSerialized('{"amount": 100, "id": "someone-else"}', person)).toBeNull();
    expect(scrubSerialized('{"name":"Zeta Quill"}', person)).toBe('{"name":null}');
    expect(scrubSerialized('hello cust-7781-zeta', person)).toBe('hello erased_abc');
  });
});
