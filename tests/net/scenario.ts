/**
 * What a clerk does with files, run under the network guard (tests/net/netGuard.ts): roster
 * imports in four formats through the parsing worker, preview, commit, revert, the error
 * report; every export; a filing package exported and rolled up; backups. Then it checks that
 * the guard is armed (a connect from this thread, fetch, and a connect from a worker are
 * refused). Prints one JSON line.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkBackups, manualBackup, maybeDailyBackup, startupBackup } from '../../electron/core/backups.ts';
import { exportAnnual, exportFiling, exportModelWorkers, exportRoster, importFilings } from '../../electron/core/export/index.ts';
import { commitImport, listImportBatches, openImportFile, previewImport, revertImport, writeErrorReport } from '../../electron/core/import/index.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { fullCounty, HUANING_UNITS, office } from '../helpers/county.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { biffXls, gbkCsv, htmlXls, messyRosterXlsx, writeTemp } from '../import/fixtures.ts';
import { createProgram } from '../../electron/core/services/programs.ts';

const done: string[] = [];
const dir = tempDir('relief-ledger-net-');

// Import: four formats, preview, commit (with its backup), error report, revert (with its backup).
const ledger = tempLedger();
const programId = ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
  createProgram(tx, { code: '2011-GQ', name: '2011年国庆困难职工救助', year: 2011, kind: '生活救助', startsOn: '2011-09-25' }));
const files = [
  writeTemp('国庆花名册.xlsx', await messyRosterXlsx(), dir),
  writeTemp('医疗救助.csv', gbkCsv(), dir),
  writeTemp('金秋助学.xls', biffXls(), dir),
  writeTemp('网页花名册.xls', htmlXls(), dir),
];
for (const file of files) {
  const session = await openImportFile(file);
  previewImport(ledger, session, { programId });
  done.push(`preview ${path.basename(file)}`);
  if (file.endsWith('.xlsx')) {
    await writeErrorReport(session, path.join(dir, '错误清单.xlsx'));
    const r = commitImport(ledger, session);
    done.push('commit', 'error report');
    revertImport(ledger, r.batchId);
    done.push('revert');
  }
}
listImportBatches(ledger);
ledger.close();

// Export and roll-up.
const county = tempLedger();
fullCounty(county, { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 21 });
await exportRoster(county, { programCode: '2011-SWN', out: path.join(dir, '花名册.xlsx'), filedOn: '2011-12-31' });
await exportAnnual(county, { year: 2011, out: path.join(dir, '年度统计表.xlsx'), filedOn: '2011-12-31' });
await exportModelWorkers(county, { year: 2011, out: path.join(dir, '劳模.xlsx'), filedOn: '2011-12-31' });
const pkg = path.join(dir, '华宁2011.xlsx');
await exportFiling(county, { year: 2011, out: pkg });
done.push('export roster', 'export annual', 'export model workers', 'export filing');
const prefecture = tempLedger();
office(prefecture, { officeName: '玉溪市总工会', regionCode: '530400' });
await importFilings(prefecture, [pkg]);
await exportAnnual(prefecture, { year: 2011, out: path.join(dir, '全市.xlsx'), filedOn: '2012-01-31' });
done.push('roll-up', 'consolidated annual');

// Backups and the check.
startupBackup(county);
maybeDailyBackup(county);
manualBackup(county);
checkBackups(county.path);
checkLedger(county);
done.push('backups', 'check');
county.close();
prefecture.close();

// The guard is armed: this thread, fetch, and a worker thread are refused.
const refused = (fn: () => unknown) => {
  try {
    fn();
    return false;
  } catch (err) {
    return /网络访问被拦截/.test(String((err as Error).message));
  }
};
const worker = await new Promise<string>((resolve) => {
  const w = new Worker(new URL('./probeWorker.ts', import.meta.url));
  w.once('message', (m: string) => {
    resolve(m);
    void w.terminate();
  });
});
const selfTest = {
  main: refused(() => net.connect(9, '127.0.0.1')),
  fetch: refused(() => fetch('http://example.com/')),
  worker: /网络访问被拦截/.test(worker),
};
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ done, selfTest })}\n`);
process.exit(0);
