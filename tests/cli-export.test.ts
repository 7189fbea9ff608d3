import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/ledger.ts';
import { openXlsx, sheet, valueOf } from './helpers/xlsx.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'relief-ledger.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A county ledger built through the CLI, as a clerk would type it. */
function county(dir: string, office: string, region: string, ids: string[]): string {
  const db = path.join(dir, `${office}.db`);
  expect(cli(['--db', db, 'init', '--office', office, '--region', region]).code).toBe(0);
  expect(cli(['--db', db, 'add', 'program', '--code', '2017-SWN', '--name', '2017年春节送温暖困难职工慰问金', '--year', '2017', '--kind', '送温暖', '--fund', '上级下拨=20000']).code).toBe(0);
  ids.forEach((id, i) => {
    const r = cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--name', ['王　芳', '李强', '张伟'][i]!, '--id', id, '--amount', ['500', '1,000.00元', '800'][i]!, '--date', '2017-01-20', '--unit', '盘溪镇工会联合会', '--kind', '困难职工']);
    expect(r.code, r.err).toBe(0);
  });
  return db;
}

describe('relief-ledger export / import-filing', () => {
  it('exports the roster, the annual form, the model-worker form and the filing package; a prefecture imports it', async () => {
    const dir = tempDir();
    const db = county(dir, '华宁县总工会', '530424', ['530424197512030026', '530424196805120031', '53042419800101003X']);
    const roster = path.join(dir, '花名册.xlsx');
    const r = cli(['--db', db, 'export', 'roster', '--program', '2017-SWN', '--out', roster, '--mask-ids', '--date', '2017-01-25', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ file: roster, rows: 3, cashFen: 230_000, totalFen: 230_000 });
    const ws = sheet(await openXlsx(roster), '花名册');
    expect(valueOf(ws, 'A1')).toBe('华宁县总工会2017年春节送温暖困难职工慰问金发放花名册');
    expect(valueOf(ws, 'D4')).toBe('530424********0026');
    expect(valueOf(ws, 'A8')).toBe('合计金额（大写）：贰仟叁佰元整');

    const text = cli(['--db', db, 'export', 'annual', '--year', '2017', '--out', path.join(dir, '年报.xlsx')]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('已导出年度帮扶救助情况统计表');
    expect(text.out).toContain('（3 条，合计 2,300.00 元）');

    const filing = path.join(dir, '上报.xlsx');
    const f = cli(['--db', db, 'export', 'filing', '--year', '2017', '--out', filing, '--json']);
    expect(f.code, f.err).toBe(0);
    expect(JSON.parse(f.out)).toMatchObject({ file: filing, rows: 3, totalFen: 230_000 });
    expect(JSON.parse(f.out).sha256).toMatch(/^[0-9a-f]{64}$/);

    const mw = cli(['--db', db, 'export', 'model-workers', '--year', '2017', '--out', path.join(dir, '劳模.xlsx')]);
    expect(mw.code).toBe(1);
    expect(mw.err).toContain('错误：2017年没有劳模补助发放记录');
    expect(fs.existsSync(path.join(dir, '劳模.xlsx'))).toBe(false);

    const pdb = path.join(dir, 'prefecture.db');
    expect(cli(['--db', pdb, 'init', '--office', '玉溪市总工会', '--region', '530400']).code).toBe(0);
    const imp = cli(['--db', pdb, 'import-filing', filing, '--json']);
    expect(imp.code, imp.err).toBe(0);
    expect(JSON.parse(imp.out)).toMatchObject({ files: [filing], rows: 3, totalFen: 230_000, imported: [{ officeName: '华宁县总工会', regionCode: '530424', year: 2017, rows: 3 }] });
    const info = JSON.parse(cli(['--db', pdb, 'info', '--json']).out);
    expect(info).toMatchObject({ counts: { payments: 3, importBatches: 1 }, totals: { cashFen: 230_000 } });
    const again = cli(['--db', pdb, 'import-filing', filing]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/错误：上报数据包“上报\.xlsx”被拒绝：.*导入过/);
    const consolidated = cli(['--db', pdb, 'export', 'annual', '--year', '2017', '--out', path.join(dir, '汇总.xlsx'), '--json']);
    expect(JSON.parse(consolidated.out)).toMatchObject({ consolidated: true, sheets: ['全辖汇总', '分单位汇总', '核对'], totalFen: 230_000 });
  });

  it('checks arguments before opening the ledger and exits non-zero with a Chinese message, writing nothing', () => {
    const dir = tempDir();
    const db = county(dir, '陆良县总工会', '530322', ['530322197001010011']);
    const out = path.join(dir, 'x.xlsx');
    const cases: [string[], number, RegExp][] = [
      [['export'], 2, /export 后应为 roster、annual、model-workers 或 filing/],
      [['export', 'roster', '--out', out], 2, /缺少参数 --program/],
      [['export', 'roster', '--program', '2017-SWN'], 2, /缺少参数 --out/],
      [['export', 'roster', '--program', '2017-SWN', '--out', path.join(dir, 'nope', 'x.xlsx')], 2, /--out：导出文件夹不存在/],
      [['export', 'roster', '--program', '2017-SWN', '--out', path.join(dir, 'x.pdf')], 2, /应以 \.xlsx 结尾/],
      [['export', 'annual', '--year', '17', '--out', out], 2, /--year 年度无效：17/],
      [['export', 'annual', '--year', 'abc', '--out', out], 2, /--year 必须是整数/],
      [['export', 'annual', '--year', '2017', '--out', out, '--date', '2017-02-30'], 2, /--date：日期“2017-02-30”无法识别/],
      [['export', 'roster', '--program', 'NOPE', '--out', out], 1, /找不到项目编号“NOPE”/],
      [['export', 'filing', '--year', '2016', '--out', out], 1, /2016年没有发放记录，也没有项目，无需上报/],
      [['import-filing'], 2, /缺少要导入的上报数据包文件/],
      [['import-filing', path.join(dir, 'none.xlsx')], 1, /文件不存在/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    const missing = cli(['--db', path.join(dir, 'none.db'), 'export', 'annual', '--year', '2017', '--out', out]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/台账文件不存在/);
  });
});
