import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineCodec, StoredRecordError } from './codec.ts';

const V1 = z.object({ id: z.string(), amount: z.number().int() });
const V2 = z.object({ id: z.string(), amount: z.object({ value: z.number().int(), currency: z.string() }) });

describe('defineCodec', () => {
  const codec = defineCodec({ name: 'thing', schema: V1 });

  it('writes the version first and reads it back without it', () => {
    const raw = codec.encode({ id: 'a', amount: 5 });
    expect(raw).toBe('{"v":1,"id":"a","amount":5}');
    expect(codec.decode(raw)).toEqual({ id: 'a', amount: 5 });
  });

  it('reads a record written before codecs (no version) as version 1', () => {
    expect(codec.decode('{"id":"a","amount":5}')).toEqual({ id: 'a', amount: 5 });
  });

  it('refuses what the schema does not accept, naming the record', () => {
    expect(() => codec.decode('{"id":"a","amount":"5"}')).toThrow(StoredRecordError);
    expect(() => codec.decode('nope')).toThrow(/stored thing record could not be read: not JSON/);
    expect(() => codec.decode('[1]')).toThrow(/not an object/);
  });

  it('refuses a version newer than it knows (a record from a newer Worker)', () => {
    expect(() => codec.decode('{"v":2,"id":"a","amount":5}')).toThrow(/unknown version 2/);
    expect(() => codec.decode('{"v":0,"id":"a","amount":5}')).toThrow(/unknown version 0/);
  });

  it('upgrades old versions through the migrations on read', () => {
    const next = defineCodec({
      name: 'thing',
      schema: V2,
      version: 2,
      migrations: { 1: (old) => ({ ...old, amount: { value: old.amount, currency: 'usd' } }) },
    });
    const expected = { id: 'a', amount: { value: 5, currency: 'usd' } };
    expect(next.decode('{"id":"a","amount":5}')).toEqual(expected);
    expect(next.decode('{"v":1,"id":"a","amount":5}')).toEqual(expected);
    expect(next.encode(expected)).toBe('{"v":2,"id":"a","amount":{"value":5,"currency":"usd"}}');
    expect(next.decode(next.encode(expected))).toEqual(expected);
  });

  it('names a missing migration', () => {
    const broken = defineCodec({ name: 'thing', schema: V2, version: 2 });
    expect(() => broken.decode('{"id":"a","amount":5}')).toThrow(/no migration from version 1/);
  });

  it('decodeOrNull passes a missing key through', () => {
    expect(codec.decodeOrNull(null)).toBeNull();
    expect(codec.decodeOrNull(undefined)).toBeNull();
  });
});
