import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../electron/core/db/migrations/index.ts';
import { tempDir } from './helpers/ledger.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'relief-ledger.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('relief-ledger CLI, as a user types it', () => {
  it('creates a ledger, adds a person, a program and a payment, lists, undoes, redoes and checks', () => {
    const db = path.join(tempDir(), '华宁县台账.db');
    expect(cli(['--db', db, 'init', '--office', '华宁县总工会', '--region', '530424']).code).toBe(0);
    const person = cli(['--db', db, 'add', 'person', '--name', '王　芳', '--id', '530424197512030026', '--json']);
    expect(person.code).toBe(0);
    expect(JSON.parse(person.out)).toMatchObject({ name: '王芳', gender: '女', birthDate: '1975-12-03' });
    expect(cli(['--db', db, 'add', 'program', '--code', '2017-SWN', '--name', '2017年春节送温暖', '--year', '2017', '--kind', '送温暖', '--fund', '上级下拨=20000']).code).toBe(0);
    const pay = cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--person', '530424197512030026', '--amount', '1,000.00元', '--date', '2017年1月20日']);
    expect(pay.code, pay.err).toBe(0);
    expect(pay.out).toContain('王芳 1,000.00 元');

    const listed = JSON.parse(cli(['--db', db, 'list', 'payments', '--json', '--year', '2017']).out);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ personName: '王芳', idNumber: '530424197512030026', cashFen: 100_000, paidOn: '2017-01-20', programCode: '2017-SWN', status: '登记' });
    expect(JSON.parse(cli(['--db', db, 'list', 'payments', '--json', '--program', '2017-SWN']).out)).toHaveLength(1);

    expect(cli(['--db', db, 'undo']).out).toContain('已撤销：新增发放记录');
    expect(JSON.parse(cli(['--db', db, 'list', 'payments', '--json']).out)).toHaveLength(0);
    expect(cli(['--db', db, 'redo']).out).toContain('已重做');
    expect(JSON.parse(cli(['--db', db, 'list', 'payments', '--json']).out)).toHaveLength(1);

    const info = JSON.parse(cli(['--db', db, 'info', '--json']).out);
    expect(info).toMatchObject({ schemaVersion: LATEST_VERSION, counts: { people: 1, programs: 1, payments: 1 }, totals: { cashFen: 100_000, goodsFen: 0 } });
    expect(info.settings).toMatchObject({ officeName: '华宁县总工会', regionCode: '530424' });

    const check = cli(['--db', db, 'check', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ ok: true, integrity: ['ok'], foreignKeyViolations: 0 });

    const backup = path.join(path.dirname(db), 'copy.db');
    expect(cli(['--db', db, 'backup', '--out', backup]).code).toBe(0);
    expect(JSON.parse(cli(['--db', backup, 'list', 'payments', '--json']).out)).toHaveLength(1);
  });

  it('uses RELIEF_LEDGER_DB when --db is not given', () => {
    const db = path.join(tempDir(), 'env.db');
    expect(cli(['init'], { RELIEF_LEDGER_DB: db }).code).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
    expect(JSON.parse(cli(['info', '--json'], { RELIEF_LEDGER_DB: db }).out).path).toBe(db);
  });

  it('bad commands print a Chinese message, exit non-zero and change nothing', () => {
    const db = path.join(tempDir(), 'bad.db');
    cli(['--db', db, 'init']);
    cli(['--db', db, 'add', 'program', '--code', 'P', '--name', '项目', '--year', '2017', '--kind', '送温暖']);
    const snapshot = () => cli(['--db', db, 'info', '--json']).out.replace(/"auditRows": \d+/, '');
    const before = snapshot();
    const cases: [string[], number, RegExp][] = [
      [['frobnicate'], 2, /未知命令/],
      [['add', 'payment', '--program', 'P', '--person', '王芳', '--amount', '一百'], 1, /金额“一百”无法识别/],
      [['add', 'payment', '--program', 'NOPE', '--person', '王芳', '--amount', '100'], 1, /找不到项目编号“NOPE”/],
      [['add', 'payment', '--program', 'P', '--person', '530424197512030026', '--amount', '100'], 1, /尚未登记/],
      [['add', 'payment', '--program', 'P', '--name', '王芳', '--amount', '100', '--date', '2017-02-30'], 1, /日期“2017-02-30”不存在：2017年2月没有30日/],
      [['add', 'person'], 2, /缺少参数 --name/],
      [['add', 'person', '--name', '甲', '--bogus'], 2, /未知参数 --bogus/],
      [['redo'], 1, /没有可以重做的操作/],
      [['add', 'program', '--code', 'P', '--name', 'x', '--year', '2017', '--kind', '送温暖'], 1, /项目编号“P”已存在/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(snapshot()).toBe(before);
    const missing = cli(['--db', path.join(tempDir(), 'none.db'), 'info']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/台账文件不存在/);
  });
});
