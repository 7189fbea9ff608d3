/**
 * Every import commit and revert is preceded by a backup of the ledger as it was (导入前 /
 * 撤销导入前 in the backups folder next to it): from the core, so the app and the CLI both
 * get it; also the roll-up import of filing packages. The backup holds exactly the ledger
 * before the command; a backup that cannot be written stops the command, changing nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupsDir, listBackups } from '../../electron/core/backups.ts';
import { exportFiling, importFilings } from '../../electron/core/export/index.ts';
import { commitImport, createImportSession, parseImportBytes, previewImport, revertImport } from '../../electron/core/import/index.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { fullCounty, HUANING_UNITS, office } from '../helpers/county.ts';
import { dumpTables, tempDir, tempLedger } from '../helpers/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { messyRosterXlsx, writeTemp } from './fixtures.ts';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'relief-ledger.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELIEF_LEDGER_ACTOR: '李会计' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withProgram(ledger: Ledger): number {
  return ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: '2011-GQ', name: '2011年国庆困难职工救助', year: 2011, kind: '生活救助', startsOn: '2011-09-25' }));
}

/** The tables of a backup file (opened read-only), as dumpTables gives them. */
function dumpOf(file: string): Record<string, string> {
  const copy = path.join(tempDir('backup-dump-'), 'copy.db');
  fs.copyFileSync(file, copy);
  const l = Ledger.open(copy, { create: false });
  try {
    return dumpTables(l);
  } finally {
    l.close();
  }
}

describe('backups before import', () => {
  it('commitImport and revertImport each leave a backup of the ledger exactly as it was before them', async () => {
    const ledger = tempLedger();
    const programId = withProgram(ledger);
    const session = createImportSession(await parseImportBytes(await messyRosterXlsx(), '2011国庆花名册.xlsx'));
    previewImport(ledger, session, { programId });
    const beforeCommit = dumpTables(ledger);
    expect(listBackups(ledger.path)).toEqual([]);

    const result = commitImport(ledger, session);
    const afterCommit = dumpTables(ledger);
    const imports = listBackups(ledger.path).filter((b) => b.kind === 'import');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ kindLabel: '导入前', tag: expect.stringContaining('2011国庆花名册') });
    expect(path.dirname(imports[0]!.path)).toBe(backupsDir(ledger.path));
    expect(dumpOf(imports[0]!.path)).toEqual(beforeCommit);

    revertImport(ledger, result.batchId);
    const reverts = listBackups(ledger.path).filter((b) => b.kind === 'revert');
    expect(reverts).toHaveLength(1);
    expect(reverts[0]).toMatchObject({ kindLabel: '撤销导入前', tag: `批次${result.batchId}` });
    // The 撤销导入前 backup holds the imported rows the revert removed.
    expect(dumpOf(reverts[0]!.path)).toEqual(afterCommit);
    expect(JSON.parse(dumpOf(reverts[0]!.path).payments!)).toHaveLength(result.payments);
    ledger.close();
  });

  it('a refused commit makes no backup; a backup that cannot be written stops the commit and changes nothing', async () => {
    const ledger = tempLedger();
    withProgram(ledger);
    const session = createImportSession(await parseImportBytes(await messyRosterXlsx(), '花名册.xlsx'));
    // No program chosen: refused before anything.
    previewImport(ledger, session, {});
    expect(() => commitImport(ledger, session)).toThrow(/请先选择项目/);
    expect(listBackups(ledger.path)).toEqual([]);

    // Where the backups folder should be, a file: the backup fails, so does the import.
    fs.writeFileSync(backupsDir(ledger.path), '不是文件夹');
    previewImport(ledger, session, { programId: ledger.db.prepare('SELECT id FROM programs').pluck().get() as number });
    const before = dumpTables(ledger);
    expect(() => commitImport(ledger, session)).toThrow();
    expect(dumpTables(ledger)).toEqual(before);
    ledger.close();
  });

  it('the roll-up import of filing packages is preceded by a 导入前 backup too', async () => {
    const dir = tempDir('backup-rollup-');
    const county = tempLedger();
    fullCounty(county, { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 21 });
    const pkg = path.join(dir, '华宁2011.xlsx');
    await exportFiling(county, { year: 2011, out: pkg, now: new Date('2012-01-20T02:00:00Z') });
    county.close();
    const prefecture = tempLedger();
    office(prefecture, { officeName: '玉溪市总工会', regionCode: '530400' });
    const before = dumpTables(prefecture);
    await importFilings(prefecture, [pkg]);
    const backups = listBackups(prefecture.path).filter((b) => b.kind === 'import');
    expect(backups).toHaveLength(1);
    expect(dumpOf(backups[0]!.path)).toEqual(before);
    prefecture.close();
  });

  it('the CLI’s import and revert-import leave 导入前 and 撤销导入前 backups next to the ledger', async () => {
    const db = path.join(tempDir('backup-cli-'), '台账.db');
    expect(cli(['--db', db, 'init', '--office', '华宁县总工会']).code).toBe(0);
    expect(cli(['--db', db, 'add', 'program', '--code', '2011-GQ', '--name', '2011年国庆困难职工救助', '--year', '2011', '--kind', '生活救助']).code).toBe(0);
    const file = writeTemp('国庆花名册.xlsx', await messyRosterXlsx());
    const dry = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(listBackups(db).filter((b) => b.kind === 'import')).toEqual([]);
    const imported = cli(['--db', db, 'import', file, '--program', '2011-GQ', '--json']);
    expect(imported.code, imported.err).toBe(0);
    const batchId = JSON.parse(imported.out).batchId as number;
    expect(listBackups(db).map((b) => b.kindLabel)).toContain('导入前');
    const reverted = cli(['--db', db, 'revert-import', String(batchId)]);
    expect(reverted.code, reverted.err).toBe(0);
    const kinds = listBackups(db).map((b) => b.kindLabel);
    expect(kinds).toContain('撤销导入前');
    expect(kinds.filter((k) => k === '导入前')).toHaveLength(1);
  });
});
