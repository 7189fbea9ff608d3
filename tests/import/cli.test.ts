/**
 * relief-ledger import / import-history / revert-import as scripts use them:
 * the exact JSON shape of the issue, row by row, exit codes, and a failed
 * command that changes nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/ledger.ts';
import { IDS, encryptedXlsx, gbkCsv, messyRosterXlsx, simpleXlsx, writeTemp } from './fixtures.ts';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'relief-ledger.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELIEF_LEDGER_ACTOR: '李会计' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function newLedger(): string {
  const db = path.join(tempDir('import-cli-'), '台账.db');
  expect(cli(['--db', db, 'init', '--office', '华宁县总工会']).code).toBe(0);
  expect(cli(['--db', db, 'add', 'program', '--code', '2011-GQ', '--name', '2011年国庆困难职工救助', '--year', '2011', '--kind', '生活救助']).code).toBe(0);
  return db;
}

function counts(db: string) {
  const info = JSON.parse(cli(['--db', db, 'info', '--json']).out);
  return { people: info.counts.people, payments: info.counts.payments, importBatches: info.counts.importBatches, units: info.counts.units };
}

const row = (sheet: string | null, r: number, status: string, reasons: string[], name: string | null, idNumber: string | null, gender: string | null, unit: string | null, category: string | null, amountFen: number | null) =>
  ({ sheet, row: r, status, reasons, name, idNumber, gender, unit, category, amountFen });

const MESSY_ROWS = [
  row('盘溪镇', 5, 'ok', [], '王芳', IDS.wangFang, '女', '盘溪镇水泥厂', '特困', 60_000),
  row('盘溪镇', 6, 'ok', [], '李强', IDS.liQiang, '男', '盘溪镇水泥厂', '特困', 60_000),
  row('盘溪镇', 7, 'error', ['id_precision_lost'], '张伟', '530424198001020000', '男', '盘溪镇水泥厂', '特困', 100_000),
  row('盘溪镇', 8, 'skip', ['blank_row'], null, null, null, null, null, null),
  row('盘溪镇', 9, 'error', ['gender_mismatch'], '赵丽', IDS.zhaoLi, '男', '盘溪镇供电局', '一般困难', 50_000),
  row('盘溪镇', 10, 'error', ['id_checksum'], '孙敏', IDS.sunMin, '女', '盘溪镇供电局', '一般困难', 50_000),
  row('盘溪镇', 11, 'error', ['id_length'], '周杰', IDS.zhouJie, '男', '盘溪镇供电局', '一般困难', 50_000),
  row('盘溪镇', 12, 'error', ['duplicate_in_file'], '吴娟', IDS.wuJuan, '女', '盘溪镇供电局', '一般困难', 30_000),
  row('盘溪镇', 13, 'error', ['missing_name'], null, IDS.noName, '男', '盘溪镇供电局', '一般困难', 50_000),
  row('盘溪镇', 14, 'error', ['missing_amount'], '郑涛', IDS.zhengTao, '男', '盘溪镇供电局', '一般困难', null),
  row('盘溪镇', 15, 'error', ['negative_amount'], '冯磊', IDS.fengLei, '男', '盘溪镇供电局', '一般困难', -20_000),
  row('盘溪镇', 16, 'error', ['amount_unreadable'], '陈艳', IDS.chenYan, '女', '盘溪镇供电局', '一般困难', null),
  row('盘溪镇', 17, 'ok', [], '杨明', IDS.yangMing, '男', '盘溪镇供电局', '一般困难', 80_000),
  row('盘溪镇', 18, 'warn', ['amount_in_wan'], '何静', IDS.heJing, '女', '盘溪镇供电局', '一般困难', 1_200_000),
  row('盘溪镇', 19, 'skip', ['total_row'], null, null, null, null, null, 270_000),
  row('盘溪镇', 20, 'skip', ['footer_row'], null, null, null, null, null, null),
  row('盘溪镇', 21, 'skip', ['note_row'], null, null, null, null, null, null),
  row('華溪鎮', 4, 'error', ['duplicate_in_file'], '吴娟', IDS.wuJuan, '女', '華溪鎮糖廠', null, 50_000),
  row('華溪鎮', 5, 'ok', [], '錢軍', IDS.qianJun, '男', '華溪鎮糖廠', null, 50_000),
  row('華溪鎮', 6, 'ok', [], '孫麗', IDS.sunLi, '女', '華溪鎮糖廠', null, 50_000),
  row('華溪鎮', 7, 'skip', ['total_row'], null, null, null, null, null, 100_000),
];

describe('relief-ledger import', () => {
  it('--dry-run --json prints the exact shape, row by row, and changes nothing', async () => {
    const db = newLedger();
    const file = writeTemp('2011国庆花名册.xls', await messyRosterXlsx());
    const before = counts(db);
    const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--dry-run', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      file: '2011国庆花名册.xls',
      format: 'xlsx',
      outcome: 'ok',
      sheets: [
        { name: '盘溪镇', role: 'payments', headerRow: 4, columns: { A: 'seq', B: 'name', C: 'gender', D: 'idNumber', E: 'unit', F: 'category', G: 'amount', H: 'signature', I: 'note' } },
        { name: '華溪鎮', role: 'payments', headerRow: 3, columns: { A: 'seq', B: 'name', C: 'idNumber', D: 'unit', E: 'amount', F: 'note' } },
        { name: '汇总', role: 'summary', headerRow: null, columns: {} },
        { name: '填表说明', role: 'other', headerRow: null, columns: {} },
        { name: '代码', role: 'other', headerRow: null, columns: {} },
        { name: 'Sheet5', role: 'empty', headerRow: null, columns: {} },
      ],
      rows: MESSY_ROWS,
      summary: {
        ok: 5, warn: 1, error: 10, skip: 5, totalFen: 1_860_000, acceptedFen: 1_500_000,
        statedTotals: [
          { sheet: '盘溪镇', row: 19, fen: 270_000, computedFen: 1_710_000, matches: false },
          { sheet: '華溪鎮', row: 7, fen: 100_000, computedFen: 150_000, matches: false },
          { sheet: '汇总', row: 3, fen: 270_000, computedFen: 1_710_000, matches: false },
          { sheet: '汇总', row: 4, fen: 100_000, computedFen: 150_000, matches: false },
        ],
      },
    });
    expect(counts(db)).toEqual(before);
  });

  it('commits without --dry-run and prints the batch id; refuses the same file again; history and revert', async () => {
    const db = newLedger();
    const file = writeTemp('花名册.xlsx', await messyRosterXlsx());
    const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--json']);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.batchId).toBe(1);
    expect(json.rows).toEqual(MESSY_ROWS);
    expect(counts(db)).toMatchObject({ people: 6, payments: 6, importBatches: 1 });
    const listed = JSON.parse(cli(['--db', db, 'list', 'payments', '--json']).out);
    expect(listed.map((p: { personName: string; cashFen: number; importBatchId: number; clerk: string }) => [p.personName, p.cashFen, p.importBatchId, p.clerk])).toEqual([
      ['王芳', 60_000, 1, '李会计'], ['李强', 60_000, 1, '李会计'], ['杨明', 80_000, 1, '李会计'], ['何静', 1_200_000, 1, '李会计'], ['錢軍', 50_000, 1, '李会计'], ['孫麗', 50_000, 1, '李会计'],
    ]);

    // The same bytes again: refused, nothing written.
    const after = counts(db);
    const again = cli(['--db', db, 'import', file, '--program', '2011-GQ']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^错误：“花名册.xlsx”与 \d{4}-\d{2}-\d{2} 导入到“2011年国庆困难职工救助”的“花名册.xlsx”（批次 #1，6 条）完全相同，已拒绝重复导入/);
    // With --json a script sees that nothing was committed, and why (the rows are still there to read).
    const againJson = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--json']);
    expect(againJson.code).toBe(1);
    const refused = JSON.parse(againJson.out);
    expect(refused).toMatchObject({ outcome: 'ok', refused: expect.stringMatching(/已拒绝重复导入/) });
    expect(refused.batchId).toBeUndefined();
    expect(refused.rows.map((r: { row: number }) => r.row)).toEqual(MESSY_ROWS.map((r) => r.row));
    // The history shows the clerk's clock (the batch is stored in UTC): the same batch 8 hours on in Beijing time.
    const at = (tz: string) => spawnSync(process.execPath, [BIN, '--db', db, 'import-history'], { encoding: 'utf8', env: { ...process.env, TZ: tz } }).stdout.match(/#1\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/)![1]!;
    expect(Date.parse(`${at('Asia/Shanghai').replace(' ', 'T')}:00Z`) - Date.parse(`${at('UTC').replace(' ', 'T')}:00Z`)).toBe(8 * 3600_000);
    const forced = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--force']);
    expect(forced.code).toBe(1);
    expect(forced.err).toMatch(/没有可导入的行：16 行有错误/);
    expect(forced.out).toMatch(/已于 .* 在“2011年国庆困难职工救助”中领取 600元/);
    expect(counts(db)).toEqual(after);

    const history = cli(['--db', db, 'import-history', '--json']);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.out)).toEqual([expect.objectContaining({ id: 1, fileName: '花名册.xlsx', programCode: '2011-GQ', payments: 6, acceptedFen: 1_500_000, clerk: '李会计', revertedAt: null, revertBlockedBy: null })]);
    expect(cli(['--db', db, 'import-history']).out).toMatch(/#1\t.*\t花名册.xlsx\t2011-GQ\t6条\t15,000.00 元\t李会计/);

    const revert = cli(['--db', db, 'revert-import', '1']);
    expect(revert.code, revert.err).toBe(0);
    expect(revert.out).toMatch(/已撤销导入批次 #1：删除发放记录 6 条、人员 6 人、单位 3 个/);
    // The history keeps the batch's figures as imported (it said 0条 beside the import's total), as the screen does.
    expect(cli(['--db', db, 'import-history']).out).toMatch(/#1\t.*\t花名册.xlsx\t2011-GQ\t6条\t15,000.00 元\t李会计\t已撤销/);
    expect(counts(db)).toMatchObject({ people: 0, payments: 0, importBatches: 1, units: 0 });
    expect(cli(['--db', db, 'check', '--json']).code).toBe(0);
    const twice = cli(['--db', db, 'revert-import', '1']);
    expect([twice.code, twice.err]).toEqual([1, expect.stringMatching(/^错误：导入批次 #1（“花名册.xlsx”）已于 .* 撤销/)]);
  });

  it('reads a GBK CSV', () => {
    const db = newLedger();
    const file = writeTemp('名单.csv', gbkCsv());
    const r = cli(['--db', db, 'import', file, '--dry-run', '--json']);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.format).toBe('csv');
    expect(json.sheets).toEqual([{ name: null, role: 'payments', headerRow: 1, columns: { A: 'name', B: 'idNumber', C: 'unit', D: 'amount', E: 'note' } }]);
    expect(json.rows).toEqual([
      row(null, 2, 'ok', [], '王芳', IDS.wangFang, '女', '华宁县水泥厂,一车间', null, 60_000),
      row(null, 3, 'ok', [], '李强', IDS.liQiang, '男', '华宁县供电局', null, 100_000),
      row(null, 4, 'error', ['id_precision_lost'], '张伟', '5.30424E+17', null, '华宁县糖厂', null, 50_000),
      row(null, 5, 'skip', ['blank_row'], null, null, null, null, null, null),
      row(null, 6, 'skip', ['total_row'], null, null, null, null, null, 210_000),
    ]);
    expect(json.summary.statedTotals).toEqual([{ sheet: null, row: 6, fen: 210_000, computedFen: 210_000, matches: true }]);
  });

  it('a file error prints outcome file_error, exits non-zero and changes nothing', () => {
    const db = newLedger();
    const before = counts(db);
    const file = writeTemp('加密.xlsx', encryptedXlsx());
    const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^错误：无法导入“加密.xlsx”：文件设置了打开密码/);
    expect(JSON.parse(r.out)).toEqual({
      file: '加密.xlsx', format: 'xlsx', outcome: 'file_error', error: expect.stringMatching(/^无法导入“加密.xlsx”：文件设置了打开密码/),
      sheets: [], rows: [], summary: { ok: 0, warn: 0, error: 0, skip: 0, totalFen: 0, acceptedFen: 0, statedTotals: [] },
    });
    expect(counts(db)).toEqual(before);
  });

  it('a file with no payment rows: outcome no_rows, exit 0, nothing written, with or without --dry-run', async () => {
    const db = newLedger();
    const before = counts(db);
    const file = writeTemp('只有表头.xlsx', await simpleXlsx({ S: [['序号', '姓名', '身份证号码', '金额'], [], ['合计', null, null, 0]] }));
    for (const extra of [['--dry-run'], []]) {
      const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--json', ...extra]);
      expect([r.code, r.err]).toEqual([0, '']);
      const json = JSON.parse(r.out);
      expect([json.outcome, json.batchId, json.summary.ok + json.summary.warn + json.summary.error]).toEqual(['no_rows', undefined, 0]);
    }
    expect(cli(['--db', db, 'import', file, '--program', '2011-GQ']).out).toMatch(/文件中没有发放记录，未导入\n?$/);
    expect(counts(db)).toEqual(before);
  });

  it('--paid-on dates the rows that write no date, and the text says how many got it and the goods imported', async () => {
    const db = newLedger();
    const file = writeTemp('无日期.xlsx', await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '慰问品（元）'], ['王芳', IDS.wangFang, 600, 200]] }));
    const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--paid-on', '2011年9月28日']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/没有写发放日期的 1 行按 2011-09-28 登记/);
    // The goods are in the line that says what was imported.
    expect(r.out).toMatch(/已导入：批次 #1，发放记录 1 条（现金 600\.00 元，慰问品 200\.00 元）/);
    expect(JSON.parse(cli(['--db', db, 'list', 'payments', '--json']).out).map((p: { paidOn: string }) => p.paidOn)).toEqual(['2011-09-28']);
  });

  it('validates its arguments, in Chinese', async () => {
    const db = newLedger();
    const file = writeTemp('花名册.xlsx', await messyRosterXlsx());
    const cases: [string[], number, RegExp][] = [
      [['import'], 2, /缺少要导入的文件/],
      [['import', file], 2, /导入需要 --program 项目编号（只预览请加 --dry-run）/],
      [['import', file, file, '--dry-run'], 2, /一次只能导入一个文件/],
      [['import', file, '--program', 'NOPE'], 1, /找不到项目编号“NOPE”/],
      [['import', file, '--dry-run', '--bogus'], 2, /未知参数 --bogus/],
      [['import', file, '--dry-run', '--paid-on', '2011-02-30'], 2, /--paid-on：日期“2011-02-30”不存在：2011年2月没有30日/],
      [['revert-import'], 2, /缺少批次号/],
      [['revert-import', 'abc'], 2, /批次号必须是整数/],
      [['revert-import', '7'], 1, /找不到导入批次 #7/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(counts(db)).toMatchObject({ payments: 0, importBatches: 0 });
  });

  it('prints a readable summary without --json, and lists the commands in --help', async () => {
    const db = newLedger();
    const file = writeTemp('花名册.xlsx', await messyRosterXlsx());
    const r = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/工作表“盘溪镇”：花名册，第 4 行是表头；正常 3、警告 1、错误 9、跳过 4/);
    expect(r.out).toMatch(/工作表“汇总”：汇总表/);
    expect(r.out).toMatch(/“盘溪镇”第 19 行合计：写明 2,700.00 元，计算 17,100.00 元，不一致！/);
    expect(r.out).toMatch(/盘溪镇 第7行 错误：D列（身份证号码）：身份证号被 Excel 存成了数字/);
    expect(r.out).toMatch(/共：正常 5，警告 1，错误 10，跳过 5；金额合计 18,600.00 元，可导入 15,000.00 元/);
    expect(r.out).toMatch(/（预览，未导入）/);
    const help = cli(['--help']).out;
    expect(help).toMatch(/import 文件 \[--program 项目编号\] \[--paid-on 日期\] \[--dry-run\] \[--json\] \[--force\]/);
    expect(help).toMatch(/import-history/);
    expect(help).toMatch(/revert-import 批次号/);
  });
});
