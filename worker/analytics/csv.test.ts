import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.ts';

describe('csv', () => {
  it('quotes only what RFC 4180 needs quoted, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow(['a', 1, true, null])).toBe('a,1,true,\r\n');
  });

  it('makes text that a spreadsheet would run as a formula plain text', () => {
    for (const lead of ['=', '+', '-', '@', '\t']) expect(csvCell(`${lead}SUM(A1)`)).toBe(`'${lead}SUM(A1)`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('=HYPERLINK("http://evil.example","a,b")')).toBe(`"'=HYPERLINK(""http://evil.example"",""a,b"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('leaves numbers as numbers, negative ones included', () => {
    expect(csvCell(-500)).toBe('-500');
    expect(csvCell(0)).toBe('0');
  });
});
