/**
 * The .xlsx reader keeps every character: the worksheet and shared-string parts are
 * inflated and decoded in chunks, and a Chinese character whose UTF-8 bytes straddle
 * two chunks must come out whole (exceljs's own reader decodes each chunk alone and
 * turned such characters into U+FFFD).
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportBytes } from '../../electron/core/import/parse.ts';
import { generateLedger } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';

async function roster(rows: string[][], useSharedStrings: boolean): Promise<Buffer> {
  const file = path.join(tempDir('import-xlsx-'), 'r.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: false });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓名', '身份证号码', '工作单位', '备注']).commit();
  for (const r of rows) ws.addRow(r).commit();
  await wb.commit();
  return fs.readFileSync(file);
}

describe('reading .xlsx parts in chunks', () => {
  const data = generateLedger({ payments: 6000, people: 6000, years: [2017], seed: 11 });
  // Names, units and notes of varying lengths, so that characters fall across chunk boundaries.
  const rows = data.people.map((p, i) => [p.name, p.idNumber, p.unit, '困难'.repeat(1 + (i % 7)) + '　说明'.slice(0, 1 + (i % 3))]);

  for (const shared of [true, false]) {
    it(`keeps every Chinese character (${shared ? 'shared strings' : 'strings in the sheet'})`, async () => {
      const wb = await parseImportBytes(await roster(rows, shared), 'r.xlsx');
      const read = wb.sheets[0]!.rows.slice(1).map((r) => r.c);
      expect(read.length).toBe(rows.length);
      expect(read.filter((c) => c.some((v) => typeof v === 'string' && v.includes('\uFFFD')))).toEqual([]);
      expect(read).toEqual(rows);
    });
  }
});
