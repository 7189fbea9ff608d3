/**
 * How much of a file the import will read, so that a damaged or hostile file (a zip bomb,
 * a sheet of 1,048,576 rows, a 100 MB .xls) ends in a clear message instead of filling
 * memory or running for minutes. The figures leave ample room for real rosters: a county
 * files 1,000–5,000 rows a year, a prefecture about 30,000.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { columnLetter } from '../../../shared/import.ts';
import { fileError } from './errors.ts';
import type { RawRow } from './table.ts';
import type { ZipEntry } from './zip.ts';

const MB = 1024 * 1024;

/** Any file above this is refused before it is read. */
export const MAX_FILE_BYTES = 256 * MB;
/**
 * Files that are not ZIP archives are read whole (.xls, XML 2003, HTML, CSV); above this they are
 * refused. A full Excel 97–2003 sheet (65,536 rows) of a roster is about 11 MB.
 */
export const MAX_WHOLE_FILE_BYTES = 16 * MB;
/** Rows with content in one file. */
export const MAX_ROWS = 200_000;
/** Characters in one cell: Excel's own limit. A longer cell is a damaged or hostile file. */
export const MAX_CELL_CHARS = 32_767;
/** ZIP parts: one part's and all parts' uncompressed size, and the compression ratio of a large part. */
export const MAX_PART_BYTES = 512 * MB;
export const MAX_UNZIPPED_BYTES = 1024 * MB;
/**
 * A filing package is unpacked whole in memory (SheetJS), so its caps are lower: about 700 bytes
 * of sheet XML per payment, 256 MB is some 370,000 payments (a prefecture files ~30,000 a year).
 */
export const FILING_CAPS = { part: 256 * MB, total: 384 * MB };
/** Spreadsheet XML compresses 5–50 times; deflate cannot pass ~1,030. Above this ratio a large part is a bomb. */
export const MAX_RATIO = 200;
const RATIO_FLOOR = 16 * MB;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * The parsing worker's hard heap limit. It is only the backstop: V8 aborts the whole process,
 * not only the worker, when one large allocation lands on it, so the worker is stopped well
 * before, at its file's heap budget (heapBudgetMb), by a watchdog (worker.ts).
 */
export const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 };

/**
 * How much heap parsing a file may use: 128 MB for .xlsx (streamed: rows leave the worker as
 * they are read), and for files read whole about 40 times their size (SheetJS's cells and the
 * table they become), from 192 MB up to 640 MB (a 16 MB file).
 */
export function heapBudgetMb(bytes: Uint8Array): number {
  if (isZip(bytes)) return 128;
  return Math.min(640, Math.max(192, Math.ceil(128 + 40 * (bytes.byteLength / MB))));
}

const mb = (n: number) => (n >= 10 * MB ? `${Math.round(n / MB)} MB` : `${(n / MB).toFixed(1)} MB`);

/** A file too big to read at all, or a file read whole that is too big: a clear error before any work. */
export function refuseOversized(size: number, fileName: string, zip: boolean): void {
  if (size > MAX_FILE_BYTES) {
    throw fileError(fileName, `文件有 ${mb(size)}，太大（花名册文件通常不超过几 MB）。请确认选对了文件，或拆成几个文件后再导入。`);
  }
  if (zip || size <= MAX_WHOLE_FILE_BYTES) return;
  throw fileError(
    fileName,
    `文件有 ${mb(size)}，太大。这种格式（.xls、CSV 或网页表格）要整个读入内存，只能导入 ${MAX_WHOLE_FILE_BYTES / MB} MB 以内的文件。请在 Excel/WPS 中另存为 .xlsx，或拆成几个文件后再导入。`,
  );
}

/**
 * What is wrong with the sizes a ZIP directory states (null: nothing): a part or the whole
 * too big once unpacked, or a large part compressed more than real spreadsheets ever are.
 * In Chinese, naming the part. A directory that understates sizes is caught while reading.
 */
export function zipSizeProblem(entries: readonly ZipEntry[], caps: { part: number; total: number } = { part: MAX_PART_BYTES, total: MAX_UNZIPPED_BYTES }): string | null {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > caps.part) return `压缩包中的“${e.name}”解压后有 ${mb(e.size)}，超过可读取的上限（${caps.part / MB} MB）`;
    if (e.method === 8 && e.size > RATIO_FLOOR && e.size > MAX_RATIO * Math.max(1, e.compressedSize)) {
      return `压缩包中的“${e.name}”压缩比异常（${mb(e.compressedSize)} 解压后为 ${mb(e.size)}），不是正常的表格文件（可能是“压缩炸弹”）`;
    }
  }
  if (total > caps.total) return `压缩包解压后共有 ${mb(total)}，超过可读取的上限（${caps.total / MB} MB）`;
  return null;
}

/** Every cell within MAX_CELL_CHARS; otherwise a clear error naming the sheet, row and column. */
export function checkCells(rows: readonly RawRow[], sheet: string, fileName: string, format: Parameters<typeof fileError>[2] = null): void {
  for (const row of rows) {
    for (let c = 0; c < row.c.length; c++) {
      const v = row.c[c];
      if (typeof v === 'string' && v.length > MAX_CELL_CHARS) {
        throw fileError(
          fileName,
          `${sheet}第 ${row.r} 行 ${columnLetter(c)} 列的单元格有 ${v.length.toLocaleString('en-US')} 个字符，超过表格单元格的上限（${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符）。文件已损坏或不是正常的花名册，无法导入。`,
          format,
        );
      }
    }
  }
}

/** Counts rows with content as a reader produces them; throws a clear error past MAX_ROWS. */
export function rowLimit(fileName: string, format: Parameters<typeof fileError>[2] = null): (added: number) => void {
  let rows = 0;
  return (added) => {
    rows += added;
    if (rows > MAX_ROWS) {
      throw fileError(fileName, `文件中有内容的行超过 ${MAX_ROWS.toLocaleString('en-US')} 行，一次导入不了这么多。请把花名册拆成几个文件分别导入。`, format);
    }
  };
}
