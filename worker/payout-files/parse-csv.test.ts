import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n1,2,3,4')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\r\nlines'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('takes LF line ends, drops a byte-order mark and skips blank lines', () => {
    expect(parseCsv('\uFEFFpayout_id,status\n\npo_1,paid\n')).toEqual([
      ['payout_id', 'status'],
      ['po_1', 'paid'],
    ]);
  });

  it('keeps empty cells and refuses a quote left open', () => {
    expect(parseCsv('a,,c')).toEqual([['a', '', 'c']]);
    expect(parseCsv('a,"b\nc')).toBeNull();
  });
});
