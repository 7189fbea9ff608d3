/**
 * Parsing in a real worker_thread: the same table as in the calling thread,
 * progress as it reads, cancellation that stops at once, errors that keep
 * their code and Chinese message.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/import.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { buildErrorReport, openImportFile, parseImportBytes, parseInWorker, previewImport, previewPage } from '../../electron/core/import/index.ts';
import { sourceCells } from '../../electron/core/import/analyze.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { generateLedger } from '../bench/generate.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { encryptedXlsx, messyRosterXlsx, writeTemp } from './fixtures.ts';

async function bigRoster(rows: number): Promise<Buffer> {
  const file = path.join(tempDir('import-big-'), 'big.xlsx');
  const data = generateLedger({ payments: rows, people: rows, years: [2017], seed: 7 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['序号', '姓名', '性别', '身份证号码', '工作单位', '金额（元）']).commit();
  data.people.forEach((p, i) => ws.addRow([i + 1, p.name, p.gender, p.idNumber, p.unit, 500]).commit());
  await wb.commit();
  return fs.readFileSync(file);
}

describe('parseInWorker', () => {
  it('gives exactly the table the calling thread gives', async () => {
    const bytes = await messyRosterXlsx();
    const inWorker = await parseInWorker(bytes, '花名册.xlsx');
    expect(inWorker).toEqual(await parseImportBytes(bytes, '花名册.xlsx'));
    // The caller's bytes are untouched (the worker gets a copy).
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('hands the bytes themselves to the worker when asked (handOver): the same table, the caller’s view emptied, not copied', async () => {
    const bytes = await messyRosterXlsx();
    const expected = await parseImportBytes(bytes, '花名册.xlsx');
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    const buffer = own.buffer;
    expect(await parseInWorker(own, '花名册.xlsx', { handOver: true })).toEqual(expected);
    // Transferred: the buffer now belongs to the worker.
    expect(own.byteLength).toBe(0);
    expect(buffer.byteLength).toBe(0);
    // A view on part of a buffer is copied as before, whatever is asked.
    const part = new Uint8Array(new ArrayBuffer(bytes.byteLength + 8), 8);
    part.set(bytes);
    expect(await parseInWorker(part, '花名册.xlsx', { handOver: true })).toEqual(expected);
    expect(part.byteLength).toBe(bytes.byteLength);
  });

  it('reports progress while reading a large roster, ending at the row count', async () => {
    const bytes = await bigRoster(20_000);
    const events: ImportProgress[] = [];
    const wb = await parseInWorker(bytes, 'big.xlsx', { onProgress: (p) => events.push(p) });
    expect(wb.sheets[0]!.rows).toHaveLength(20_001);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.phase === 'read')).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
    expect(events.at(-1)).toEqual({ phase: 'read', done: 20_001, total: 20_001 });
  });

  it('stops at once when cancelled, with a Chinese message', async () => {
    const bytes = await bigRoster(20_000);
    const controller = new AbortController();
    const started = performance.now();
    const parse = parseInWorker(bytes, 'big.xlsx', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(parse).rejects.toMatchObject({ code: 'cancelled', message: '已取消导入“big.xlsx”' });
    expect(performance.now() - started).toBeLessThan(30_000);
    const already = new AbortController();
    already.abort();
    await expect(parseInWorker(bytes, 'big.xlsx', { signal: already.signal })).rejects.toBeInstanceOf(LedgerError);
  });

  it('a roster too big for the worker’s memory is a file error, not a crash', async () => {
    const bytes = await bigRoster(20_000);
    await expect(parseInWorker(bytes, 'big.xlsx', { resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 } }))
      .rejects.toMatchObject({ code: 'file_error', message: '无法导入“big.xlsx”：文件内容太多，读取时内存不足。请把花名册拆成几个文件分别导入。' });
  });

  it('passes file errors back with their code and message', async () => {
    await expect(parseInWorker(encryptedXlsx(), '加密.xlsx')).rejects.toMatchObject({ code: 'file_error', message: expect.stringMatching(/^无法导入“加密.xlsx”：文件设置了打开密码/) });
  });

  it('keeps the streamed rows packed: every row read one by one, or the sheet read whole, is the calling thread’s', async () => {
    // 5,001 rows: three batches of 2,000 and a last one.
    const bytes = await bigRoster(5_000);
    const here = await parseImportBytes(bytes, 'big.xlsx');
    const file = writeTemp('big.xlsx', bytes);
    const session = await openImportFile(file);
    const wb = session.workbook;
    const rows = here.sheets[0]!.rows;
    const packed = () => typeof Object.getOwnPropertyDescriptor(wb.sheets[0]!, 'rows')?.get === 'function';
    expect(packed()).toBe(true);
    for (const row of rows) expect(sourceCells(wb, 0, row.r)).toEqual(row.c);
    expect(packed()).toBe(true);
    expect(sourceCells(wb, 0, 0)).toEqual([]);
    expect(sourceCells(wb, 0, rows.at(-1)!.r + 1)).toEqual([]);
    expect(sourceCells(wb, 1, 1)).toEqual([]);
    // Read whole (a re-analysis does): the same table, and it stays the same array.
    expect(wb.sheets[0]!.rows).toEqual(rows);
    expect(wb.sheets[0]!.rows).toBe(wb.sheets[0]!.rows);
    expect(packed()).toBe(false);
    for (const row of rows.slice(0, 50)) expect(sourceCells(wb, 0, row.r)).toEqual(row.c);
    expect(wb).toEqual(here);
  });

  it('builds preview rows when asked: pages are preview.rows’s objects, an earlier preview keeps its own checks', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'A', name: '送温暖', year: 2017, kind: '送温暖' }));
    const file = writeTemp('花名册.xlsx', await messyRosterXlsx());
    const session = await openImportFile(file);
    const first = previewImport(ledger, session, { programId, withCells: true });
    const page = previewPage(session, { offset: 1, limit: 3 });
    const errors = previewPage(session, { status: 'error', limit: 1000 });
    // Read whole after the pages: the same objects.
    expect(first.rows.slice(1, 4)).toEqual(page.rows);
    page.rows.forEach((r, i) => expect(r).toBe(first.rows[1 + i]));
    expect(errors.rows).toEqual(first.rows.filter((r) => r.status === 'error'));
    expect(errors.total).toBe(first.summary.error);
    expect(first.rows.every((r) => Array.isArray(r.cells))).toBe(true);
    const snapshot = JSON.stringify(first.rows);
    // A later preview without a program re-runs the checks on the same analysed rows.
    const later = previewImport(ledger, session, {});
    expect(later.rows.every((r) => r.cells === undefined)).toBe(true);
    expect(JSON.stringify(first.rows)).toBe(snapshot);
    const report = await buildErrorReport(session);
    expect(report.rows).toBe(later.summary.error);
  });

  it('openImportFile reads from disk in a worker and the session previews', async () => {
    const file = writeTemp('花名册.xlsx', await messyRosterXlsx());
    const session = await openImportFile(file);
    expect(session.workbook.fileName).toBe('花名册.xlsx');
    const p = previewImport(tempLedger(), session, {});
    expect(p.sessionId).toBe(session.id);
    expect(p.summary.ok).toBe(5);
    await expect(openImportFile(path.join(tempDir(), '没有这个文件.xlsx'))).rejects.toMatchObject({ code: 'file_error', message: expect.stringMatching(/找不到文件/) });
  });
});
