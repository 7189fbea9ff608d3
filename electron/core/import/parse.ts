/**
 * Bytes → neutral table: detect the format by content, read it with the reader
 * for that format, and turn anything unexpected into a clear file error. Runs
 * in the calling thread; worker.ts runs the same in a worker_thread.
 */
import { createHash } from 'node:crypto';
import { LedgerError } from '../errors.ts';
import { detectFormat, formatOf } from './detect.ts';
import { fileError, throwIfAborted } from './errors.ts';
import { readCsv } from './readCsv.ts';
import { readHtml } from './readHtml.ts';
import { readXls } from './readXls.ts';
import { readXlsx } from './readXlsx.ts';
import type { ParseOptions, ParsedWorkbook, RawSheet } from './table.ts';
import { checkCells, isZip, refuseOversized } from './limits.ts';

export async function parseImportBytes(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParsedWorkbook> {
  throwIfAborted(options.signal, fileName);
  refuseOversized(bytes.byteLength, fileName, isZip(bytes));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const detected = detectFormat(bytes, fileName);
  const format = formatOf(detected);
  let sheets: RawSheet[];
  // Cells are checked as rows leave a streaming reader, and in the table of the others.
  const sink = options.sink;
  const names: (string | null)[] = [];
  const where = (i: number) => (names[i] ? `工作表“${names[i]}”` : `第 ${i + 1} 个工作表`);
  const checked: ParseOptions = sink
    ? {
        ...options,
        sink: {
          ...sink,
          sheetStart: (i, name, hidden) => {
            names[i] = name;
            sink.sheetStart?.(i, name, hidden);
          },
          rows: (i, rows) => {
            checkCells(rows, where(i), fileName, format);
            sink.rows(i, rows);
          },
        },
      }
    : options;
  try {
    switch (detected.kind) {
      case 'xlsx':
        sheets = await readXlsx(bytes, fileName, checked);
        break;
      case 'xls':
        sheets = await readXls(bytes, fileName, options);
        break;
      case 'xml2003':
        // As decoded by its declared encoding (SheetJS reads the bytes as UTF-8: a GB2312 file's names were garbled).
        sheets = await readXls(detected.decoded.text, fileName, options);
        break;
      case 'html':
        sheets = readHtml(detected.decoded.text, fileName, options);
        break;
      case 'csv':
        sheets = readCsv(detected.decoded.text, fileName, options);
        break;
    }
  } catch (err) {
    if (err instanceof LedgerError) throw err;
    // What the reader said stays in the details (for support), not in the clerk's message.
    throw fileError(fileName, '读取时出错，文件可能已损坏。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', format, err);
  }
  if (sheets.length === 0) throw fileError(fileName, '文件中没有任何表格内容。', format);
  for (const s of sheets) checkCells(s.rows, s.name === null ? '' : `工作表“${s.name}”`, fileName, format);
  return {
    fileName,
    format,
    sha256,
    size: bytes.byteLength,
    encoding: detected.kind === 'csv' || detected.kind === 'html' ? detected.decoded.encoding : null,
    sheets,
  };
}
