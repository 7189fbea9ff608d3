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
import { openImportFile, parseImportBytes, parseInWorker, previewImport } from '../../electron/core/import/index.ts';
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
