/**
 * CSV and TXT as Chinese Excel and web systems save them: comma, tab or
 * semicolon separated; quoted fields holding separators, line breaks and
 * doubled quotes; CRLF, LF or CR line ends; ="…" wrappers that keep long
 * numbers as text. Row numbers are record numbers (a quoted line break does
 * not start a new record).
 */
import { throwIfAborted } from './errors.ts';
import { rowLimit } from './limits.ts';
import { trimRow, type ParseOptions, type RawCell, type RawSheet } from './table.ts';

function guessDelimiter(text: string): string {
  const sample = text.slice(0, 65_536).split(/\r\n|\n|\r/).slice(0, 30).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = -1;
  for (const d of [',', '\t', ';', '|']) {
    const counts = sample.map((line) => {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n++;
      }
      return n;
    });
    const lines = counts.filter((n) => n > 0).length;
    const score = lines * 10 + Math.min(...counts.filter((n) => n > 0), 50);
    if (lines > 0 && score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function cellOf(field: string): RawCell {
  let v = field;
  // ="0123…": Excel's way of keeping digits as text.
  if (v.length >= 3 && v.startsWith('="') && v.endsWith('"')) v = v.slice(2, -1);
  return v === '' ? null : v;
}

export function readCsv(text: string, fileName: string, options: ParseOptions): RawSheet[] {
  const delimiter = guessDelimiter(text);
  const d = delimiter.charCodeAt(0);
  const rows: RawSheet['rows'] = [];
  const countRows = rowLimit(fileName, 'csv');
  let record = 1;
  let fields: RawCell[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    fields.push(cellOf(field));
    field = '';
    const trimmed = trimRow(fields);
    if (trimmed) {
      rows.push({ r: record, c: trimmed });
      countRows(1);
    }
    fields = [];
    record++;
    if (record % 5000 === 0) {
      throwIfAborted(options.signal, fileName);
      options.onProgress?.({ phase: 'read', done: record, total: null });
    }
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */ && field === '') {
      // Quoted field: up to the closing quote; "" is one quote.
      i++;
      let start = i;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(start);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      // Text after the closing quote (malformed) is kept.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      field = value + text.slice(i, j);
      i = j;
      continue;
    }
    if (ch === d) {
      fields.push(cellOf(field));
      field = '';
      i++;
    } else if (ch === 10 || ch === 13) {
      endRecord();
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return [{ name: null, hidden: false, rows, merges: [] }];
}
