/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields quoted when they hold a comma, quote, CR or
 * LF, quotes doubled), made safe to open in a spreadsheet.
 */
export type Cell = string | number | boolean | null | undefined;

// A text cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
// (CSV injection: `=HYPERLINK(…)` in an order id or a referrer). A leading `'` makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans are ours, not the client's: a negative amount must stay a number.
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
