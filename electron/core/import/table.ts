/**
 * The neutral table every reader produces, whatever the file was: sheets of
 * rows, each row with the row number Excel/WPS shows, its cells by column, and
 * the sheet's merged ranges. Plain data, so that it crosses a worker boundary
 * by structured clone (rows streamed from the worker come as v8-serialised
 * batches and stay packed on the main thread: setPackedRows).
 */
import v8 from 'node:v8';
import type { ImportFormat } from '../../../shared/import.ts';

/** Text, a number as stored (IDs typed as numbers stay numbers), or null. Dates are ISO text. */
export type RawCell = string | number | null;

export interface RawRow {
  /** 1-based row number as Excel shows it (CSV: record number; HTML: <tr> index). */
  r: number;
  /** Cells by 0-based column (A = 0); trailing empty cells are cut. */
  c: RawCell[];
  /** The row is hidden in the sheet (.xlsx, .xls); absent when shown. */
  h?: true;
  /**
   * Numbers the cells' formats show rounded (.xlsx): 166.67 formatted 0 shows 167; and the number behind a formula's
   * result read as a date (=200*100 under m/d: the cell is 1954-10-03, here 20000), for an amount or a total. By column.
   */
  s?: ShownNumbers;
  /** Columns (0-based) whose text is struck through (.xlsx): a crossed-out name is no longer paid. */
  x?: number[];
}

/** Numbers as a cell's format shows them, where that differs from the value: by 0-based column. */
export type ShownNumbers = Record<number, number>;

/** A merged range: rows 1-based like RawRow.r, columns 0-based. */
export interface MergeRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface RawSheet {
  name: string | null;
  hidden: boolean;
  /** Rows with at least one non-empty cell, in row order. */
  rows: RawRow[];
  merges: MergeRange[];
}

export interface ParsedWorkbook {
  fileName: string;
  format: ImportFormat;
  sha256: string;
  size: number;
  /** Text encoding found for CSV/HTML (utf-8, gb18030, utf-16le …), null for spreadsheets. */
  encoding: string | null;
  sheets: RawSheet[];
}

/** Where a streaming reader hands rows as it reads them (so that a worker need not hold the whole table). */
export interface RowSink {
  rows(sheetIndex: number, rows: RawRow[]): void;
  /** A sheet begins, before its rows. */
  sheetStart?(sheetIndex: number, name: string | null, hidden: boolean): void;
  /** A sheet is read: its merged ranges (they follow the rows in the file). */
  sheetEnd?(sheetIndex: number, merges: MergeRange[]): void;
}

export interface ParseOptions {
  onProgress?: (p: { phase: 'read'; done: number; total: number | null }) => void;
  signal?: AbortSignal;
  /** When given, the .xlsx reader passes rows here in batches and returns its sheets without rows. */
  sink?: RowSink;
}

/** "B12:D13" → range; null when unreadable. */
export function parseRangeRef(ref: string): MergeRange | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const col = (s: string) => {
    let n = 0;
    for (const ch of s.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  };
  const r1 = Number(m[2]);
  const c1 = col(m[1]!);
  const r2 = m[4] ? Number(m[4]) : r1;
  const c2 = m[3] ? col(m[3]) : c1;
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

/** Drop trailing empty cells; null when the row is empty. */
export function trimRow(cells: RawCell[]): RawCell[] | null {
  let end = cells.length;
  while (end > 0) {
    const v = cells[end - 1];
    if (v === null || v === undefined || v === '') end--;
    else break;
  }
  if (end === 0) return null;
  if (end < cells.length) cells.length = end;
  for (let i = 0; i < end; i++) if (cells[i] === undefined || cells[i] === '') cells[i] = null;
  return cells;
}

/** A batch of a sheet's rows as the worker serialised them (v8.serialize), rows `first` to `last`. */
export interface PackedBatch {
  first: number;
  last: number;
  bytes: Uint8Array;
}

interface PackedStore {
  batches: PackedBatch[];
  /** Row numbers increase across and within the batches (a row can be found by its number). */
  ordered: boolean;
  /** The batch decoded last (a page of rows or an error report reads rows near each other). */
  cached: { batch: PackedBatch; rows: RawRow[] } | null;
}

const packed = new WeakMap<RawSheet, PackedStore>();

function decode(batch: PackedBatch): RawRow[] {
  return v8.deserialize(batch.bytes) as RawRow[];
}

/**
 * Keep a sheet's rows as the packed batches they arrived in (a few bytes per cell, outside the JS
 * heap) instead of an object and an array per row. `sheet.rows` is then built when first read
 * (and becomes a plain property, the batches let go); `rowCells` reads one row by decoding only
 * its batch. `ordered`: the row numbers increase through the batches.
 */
export function setPackedRows(sheet: RawSheet, batches: PackedBatch[], ordered: boolean): void {
  const store: PackedStore = { batches, ordered, cached: null };
  packed.set(sheet, store);
  const settle = (value: RawRow[]) => {
    packed.delete(sheet);
    Object.defineProperty(sheet, 'rows', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(sheet, 'rows', {
    enumerable: true,
    configurable: true,
    get: () => {
      const rows: RawRow[] = [];
      for (const b of store.batches) for (const r of decode(b)) rows.push(r);
      return settle(rows);
    },
    set: (value: RawRow[]) => void settle(value),
  });
}

/** The cells of row `row` (Excel's number) of a sheet, [] when it has none; rows in order. */
export function rowCells(sheet: RawSheet, row: number): RawCell[] {
  const store = packed.get(sheet);
  let rows: readonly RawRow[];
  if (store && store.ordered) {
    let lo = 0;
    let hi = store.batches.length - 1;
    let batch: PackedBatch | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = store.batches[mid]!;
      if (row < b.first) hi = mid - 1;
      else if (row > b.last) lo = mid + 1;
      else {
        batch = b;
        break;
      }
    }
    if (batch === null) return [];
    if (store.cached?.batch !== batch) store.cached = { batch, rows: decode(batch) };
    rows = store.cached.rows;
  } else rows = sheet.rows;
  // Rows are in order: binary search.
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid]!.r;
    if (r === row) return rows[mid]!.c;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return [];
}

/**
 * How many decimals a number format shows (0 → 0, #,##0.00 → 2), or null when it shows the number
 * as it is (General, text, a date, a percentage or scientific format: not a rounding to look at).
 */
export function decimalsShown(fmt: string | undefined): number | null {
  if (fmt === undefined || fmt === '') return null;
  // The first section (positive numbers), without quoted text, escaped characters and [colours].
  const section = fmt.split(';')[0]!.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/_.|\*./g, '');
  if (/general|@|%|e[+-]|[ymdhs]/i.test(section) || !/[0#?]/.test(section)) return null;
  const m = /\.([0#?]*)/.exec(section);
  return m ? m[1]!.length : 0;
}

/** A number rounded to `decimals` as Excel shows it: half away from zero. */
export function roundHalfAway(n: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(n) * f + 1e-9) / f;
  return n < 0 ? -r : r;
}

/** The decimals a format shows (decimalsShown), cached per format in `decimalsOf`. */
function decimalsCached(fmt: string | undefined, decimalsOf: Map<string | undefined, number | null>): number | null {
  let dec = decimalsOf.get(fmt);
  if (dec === undefined) decimalsOf.set(fmt, (dec = decimalsShown(fmt)));
  return dec;
}

/**
 * A year and month typed as a number and shown with its format's decimals: 2017.1 formatted 0.00 shows
 * 2017.10 (October), which the number alone reads as January. The text as shown, or undefined.
 */
export function shownYearMonth(value: number, fmt: string | undefined, decimalsOf: Map<string | undefined, number | null>): string | undefined {
  if (value < 1900 || value >= 2100 || Number.isInteger(value) || Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) return undefined;
  const dec = decimalsCached(fmt, decimalsOf);
  // Two decimals only: 2017.10; a format of three (2017.100) reads as no month, and the number as January.
  return dec === 2 ? value.toFixed(dec) : undefined;
}

/**
 * The number a cell's format shows where that differs from its value (166.6667 formatted 0.00 shows
 * 166.67), else undefined: only a rounding of a fraction counts, not floating-point noise (=3000*0.3
 * is 900.0000000000001, shown 900: the same figure). `decimalsOf` caches decimalsShown per format.
 */
export function shownRounded(value: number, fmt: string | undefined, decimalsOf: Map<string | undefined, number | null>): number | undefined {
  if (Number.isInteger(value)) return undefined;
  const dec = decimalsCached(fmt, decimalsOf);
  if (dec === null) return undefined;
  const display = roundHalfAway(value, dec);
  return Math.abs(display - value) > 1e-9 * Math.max(1, Math.abs(value)) ? display : undefined;
}

