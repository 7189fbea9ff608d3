/**
 * Migration 7 (import_error_reports): a version-6 ledger upgrades after a backup, keeping its import batches; a
 * batch imported before has no report kept (the history says 0, the report is refused with why), and the next
 * commit that holds rows keeps its report.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { batchErrorReport, commitImport, createImportSession, listImportBatches, parseImportBytes, previewImport } from '../../electron/core/import/index.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { IDS, simpleXlsx } from '../import/fixtures.ts';

describe('migration 7: import_error_reports', () => {
  it('upgrades a version-6 ledger; its batches have no report kept, the next one with held rows has', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'v6.db');
    const roster = await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['王芳', IDS.wangFang, 500], ['李强', '123', 500]] });
    const v6 = Ledger.open(file, { migrations: MIGRATIONS.slice(0, 6), actor: '旧版' });
    const programId = v6.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    // As the older program committed: the batch, no report table.
    const batchId = v6.run({ kind: 'import.commit', label: '导入', source: 'imported', undoable: false }, (tx) => tx.insert('import_batches', { file_name: '旧.xlsx', sha256: 'x', format: 'xlsx', program_id: programId }));
    expect(v6.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'import_error_reports'").pluck().get()).toBe(0);
    v6.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([6, LATEST_VERSION]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(listImportBatches(ledger).map((b) => [b.id, b.fileName, b.reportRows])).toEqual([[batchId, '旧.xlsx', 0]]);
    await expect(batchErrorReport(ledger, batchId)).rejects.toThrow(/没有保存未导入的行/);
    const s = createImportSession(await parseImportBytes(roster, '新.xlsx'));
    previewImport(ledger, s, { programId });
    const r = commitImport(ledger, s);
    expect((await batchErrorReport(ledger, r.batchId)).rows).toBe(1);
    ledger.close();
  });
});
