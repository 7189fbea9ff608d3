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

export async function parseImportBytes(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParsedWorkbook> {
  throwIfAborted(options.signal, fileName);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const detected = detectFormat(bytes, fileName);
  const format = formatOf(detected);
  let sheets: RawSheet[];
  try {
    switch (detected.kind) {
      case 'xlsx':
        sheets = await readXlsx(bytes, fileName, options);
        break;
      case 'xls':
      case 'xml2003':
        sheets = await readXls(bytes, fileName, options);
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
    throw fileError(fileName, `读取时出错（${String((err as Error)?.message ?? err).slice(0, 160)}），文件可能已损坏。`, format);
  }
  if (sheets.length === 0) throw fileError(fileName, '文件中没有任何表格内容。', format);
  return {
    fileName,
    format,
    sha256,
    size: bytes.byteLength,
    encoding: detected.kind === 'csv' || detected.kind === 'html' ? detected.decoded.encoding : null,
    sheets,
  };
}
