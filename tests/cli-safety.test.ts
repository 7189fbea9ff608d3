import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/ledger.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'relief-ledger.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELIEF_LEDGER_ACTOR: '张会计' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ledgerWithPayment(): string {
  const db = path.join(tempDir(), 'ledger.db');
  cli(['--db', db, 'init', '--office', '华宁县总工会']);
  cli(['--db', db, 'add', 'program', '--code', '2017-SWN', '--name', '2017年春节送温暖', '--year', '2017', '--kind', '送温暖']);
  expect(cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--name', '王芳', '--amount', '500', '--date', '2017-01-20']).code).toBe(0);
  return db;
}

describe('relief-ledger: year close, backups and restore from the command line', () => {
  it('closes a year (its payments are then refused), reopens it with a reason and an approver', () => {
    const db = ledgerWithPayment();
    const closed = cli(['--db', db, 'close-year', '2017', '--reason', '年度报表已报送', '--json']);
    expect(closed.code, closed.err).toBe(0);
    expect(JSON.parse(closed.out)).toMatchObject({ year: 2017, summary: { payments: 1, cashFen: 50_000, unsettled: 1 } });
    const refused = cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--name', '李强', '--amount', '300', '--date', '2017-02-01']);
    expect(refused.code).toBe(1);
    expect(refused.err.trim()).toBe('错误：2017年度已结账，不能新增该年度的发放记录');
    expect(cli(['--db', db, 'undo']).err).toMatch(/没有可以撤销的操作/);
    expect(cli(['--db', db, 'close-year', '2017']).err).toMatch(/2017年度已经结账/);

    const usage: [string[], RegExp][] = [
      [['close-year'], /close-year 后应为年度/],
      [['close-year', '17'], /年度应为四位数字：17/],
      [['reopen-year', '2017', '--reason', '补录'], /缺少参数 --approver（批准人）/],
      [['reopen-year', '2017', '--approver', '李主席'], /缺少参数 --reason（反结账原因）/],
    ];
    for (const [args, message] of usage) {
      const r = cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    const listed = JSON.parse(cli(['--db', db, 'closed-years', '--json']).out);
    expect(listed).toEqual([expect.objectContaining({ year: 2017, closedBy: '张会计', reason: '年度报表已报送' })]);

    const reopened = cli(['--db', db, 'reopen-year', '2017', '--reason', '补录漏报的一笔', '--approver', '李主席']);
    expect(reopened.code, reopened.err).toBe(0);
    expect(reopened.out).toMatch(/已反结账：2017年度（原因：补录漏报的一笔；批准人：李主席）/);
    expect(cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--name', '李强', '--amount', '300', '--date', '2017-02-01']).code).toBe(0);
    const history = JSON.parse(cli(['--db', db, 'closed-years', '--history', '--json']).out);
    expect(history).toEqual([expect.objectContaining({ year: 2017, reopenReason: '补录漏报的一笔', reopenApprover: '李主席', reopenedBy: '张会计' })]);
    expect(JSON.parse(cli(['--db', db, 'check', '--json']).out).ok).toBe(true);
  });

  it('backs up into backups/, lists and checks the backups, and restores one', () => {
    const db = ledgerWithPayment();
    const made = cli(['--db', db, 'backup', '--json']);
    expect(made.code, made.err).toBe(0);
    const backup = JSON.parse(made.out);
    expect(backup).toMatchObject({ kind: 'manual', kindLabel: '手动' });
    expect(path.dirname(backup.path)).toBe(path.join(path.dirname(db), 'backups'));
    cli(['--db', db, 'add', 'payment', '--program', '2017-SWN', '--name', '李强', '--amount', '300', '--date', '2017-02-01']);
    const listed = JSON.parse(cli(['--db', db, 'backups', '--check', '--json']).out);
    expect(listed.backups).toEqual([expect.objectContaining({ path: backup.path, ok: true, kind: 'manual' })]);

    const restored = cli(['--db', db, 'restore', backup.path]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/已从备份恢复/);
    expect(restored.out).toMatch(/发放记录 1，现金 500\.00 元/);
    expect(restored.out).toMatch(/恢复前的台账已保存为：.+恢复前/);
    expect(JSON.parse(cli(['--db', db, 'list', 'payments', '--json']).out)).toHaveLength(1);
    const after = JSON.parse(cli(['--db', db, 'backups', '--json']).out).backups.map((b: { kindLabel: string }) => b.kindLabel);
    expect(after.sort()).toEqual(['恢复前', '手动'].sort());

    expect(cli(['--db', db, 'restore']).err).toMatch(/请给出要恢复的备份文件，或用 --latest/);
    expect(cli(['--db', db, 'restore', path.join(tempDir(), 'none.db')]).err).toMatch(/找不到备份文件/);
  });

  it('a damaged ledger: the error offers the latest good backup, and `restore --latest` brings it back', () => {
    const db = ledgerWithPayment();
    expect(cli(['--db', db, 'backup']).code).toBe(0);
    fs.writeFileSync(db, Buffer.alloc(16384, 0x37));
    const broken = cli(['--db', db, 'info']);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^错误：台账“ledger.db”不是帮扶台账文件或已损坏，无法使用。最近的完好备份是“ledger-手动-.+\.db”（.+），可以从它恢复。\n恢复最近的完好备份：relief-ledger restore --latest\n$/);
    const restored = cli(['--db', db, 'restore', '--latest', '--json']);
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(restored.out).previous).toMatchObject({ verified: false });
    expect(JSON.parse(cli(['--db', db, 'info', '--json']).out).counts.payments).toBe(1);
  });
});
