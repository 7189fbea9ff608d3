/**
 * Tab-separated text as Excel and WPS put it on the clipboard: rows end with
 * CRLF (Windows adds one after the last row too), cells containing tabs,
 * newlines or quotes are quoted with doubled quotes inside.
 */

/**
 * Whether a quote opening a cell at `from - 1` is closed: by a quote (not a doubled one) followed
 * by a tab, a line end or the end of the text, as Excel writes a quoted cell. Excel puts a cell that
 * merely starts with a quote ("特困) on the clipboard as it is: such a quote is text, and must not
 * join the rows after it into one cell.
 */
function closesQuote(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') {
      i++;
      continue;
    }
    const next = text[i + 1];
    return next === undefined || next === '\t' || next === '\r' || next === '\n';
  }
  return false;
}

/** Parse clipboard text into rows of cells; the trailing empty line Windows adds is dropped. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (atCellStart && ch === '"' && closesQuote(text, i + 1)) {
      quoted = true;
      atCellStart = false;
      i++;
      continue;
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Drop trailing blank lines (Windows' final CRLF, or a copied empty row at the end).
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => c === '')) rows.pop();
  return rows;
}

function quoteCell(value: string): string {
  return /[\t\r\n"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of cells → clipboard text, CRLF line ends as Excel writes them. */
export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quoteCell).join('\t')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
