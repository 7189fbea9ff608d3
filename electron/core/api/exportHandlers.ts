/**
 * Handlers of the export area: the forms filed upward, the print view's layout,
 * printing to PDF and the prefecture roll-up. Each form is written to a private
 * temporary file by the export engine, then handed to the host to save where the
 * clerk chooses (a native dialog in the app; the downloads folder in the test bridge).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel, SavedExport } from '../../../shared/contract.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { findingsInExport, type ExportScope } from '../queries/exportFindings.ts';
import { getSettings } from '../services/settings.ts';
import type { HandlersFor, LedgerHost } from './handlers.ts';

export type ExportChannel = Extract<Channel, `export.${string}` | 'print.pdf' | 'rollup.import'>;

/** The export engine pulls in exceljs; load it when an export is asked for, not at start-up. */
const engine = () => import('../export/index.ts');

function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 80) || '导出';
}

async function viaTempFile<T extends { rows: number; cashFen: number; goodsFen: number; totalFen: number; warnings?: string[] }>(
  host: LedgerHost,
  fileName: string,
  scope: ExportScope,
  write: (out: string) => Promise<T>,
): Promise<SavedExport & { result: T }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-export-'));
  try {
    const out = path.join(dir, fileName);
    const result = await write(out);
    // Read before the save dialog: what the form was made of, not what the ledger holds once the clerk has chosen a folder.
    const findings = findingsInExport(host.ledger(), scope);
    const saved = await host.saveFile(fileName, fs.readFileSync(out));
    return {
      path: saved, fileName, rows: result.rows, cashFen: result.cashFen, goodsFen: result.goodsFen, totalFen: result.totalFen, findings,
      ...(result.warnings?.length ? { warnings: result.warnings } : {}), result,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function programName(ledger: Ledger, programId: number | undefined): string {
  if (programId === undefined) return '所选发放记录';
  const row = ledger.stmt('SELECT name FROM programs WHERE id = ?').get(programId) as { name: string } | undefined;
  if (!row) throw new LedgerError('not_found', `找不到项目 #${programId}`);
  return row.name;
}

function selection(req: { programId?: number | undefined; paymentIds?: number[] | undefined }) {
  return req.programId !== undefined ? { programId: req.programId } : { paymentIds: req.paymentIds! };
}

export const exportHandlers: HandlersFor<ExportChannel> = {
  'export.roster': async (req, host) => {
    const ledger = host.ledger();
    const { exportRoster } = await engine();
    const name = `${safeName(getSettings(ledger).officeName)}${safeName(programName(ledger, req.programId))}发放花名册.xlsx`;
    const { result: _r, ...saved } = await viaTempFile(host, name, selection(req), (out) =>
      exportRoster(ledger, { ...selection(req), ...(req.maskIds ? { maskIds: true } : {}), ...(req.filedOn ? { filedOn: req.filedOn } : {}), out }),
    );
    return saved;
  },
  'export.rosterLayout': async (req, host) => {
    const { rosterPrintLayout } = await engine();
    return rosterPrintLayout(host.ledger(), { ...selection(req), ...(req.maskIds ? { maskIds: true } : {}), ...(req.filedOn ? { filedOn: req.filedOn } : {}) });
  },
  'export.annual': async (req, host) => {
    const ledger = host.ledger();
    const { exportAnnual } = await engine();
    const name = `${safeName(getSettings(ledger).officeName)}${req.year}年度帮扶救助情况统计表.xlsx`;
    const { result: _r, ...saved } = await viaTempFile(host, name, { year: req.year, form: 'annual' }, (out) =>
      exportAnnual(ledger, { year: req.year, out, ...(req.filedOn ? { filedOn: req.filedOn } : {}), ...(req.consolidated !== undefined ? { consolidated: req.consolidated } : {}) }),
    );
    return saved;
  },
  'export.modelWorkers': async (req, host) => {
    const ledger = host.ledger();
    const { exportModelWorkers, MODEL_WORKER_PROGRAM_KINDS } = await engine();
    const name = `${safeName(getSettings(ledger).officeName)}${req.year}年劳模补助金发放表.xlsx`;
    const { result: _r, ...saved } = await viaTempFile(host, name, { year: req.year, form: 'modelWorkers', programKinds: MODEL_WORKER_PROGRAM_KINDS }, (out) =>
      exportModelWorkers(ledger, { year: req.year, out, ...(req.filedOn ? { filedOn: req.filedOn } : {}), ...(req.maskIds ? { maskIds: true } : {}) }),
    );
    return saved;
  },
  'export.filing': async (req, host) => {
    const ledger = host.ledger();
    const { exportFiling } = await engine();
    const settings = getSettings(ledger);
    const name = `${safeName(settings.officeName)}${req.year}年上报数据包${settings.regionCode ? `-${settings.regionCode}` : ''}.xlsx`;
    const { result, ...saved } = await viaTempFile(host, name, { year: req.year, form: 'filing' }, (out) => exportFiling(ledger, { year: req.year, out }));
    return { ...saved, sha256: result.sha256 };
  },
  'print.pdf': async (req, host) => {
    if (!host.printToPdf) throw new LedgerError('invalid_input', '在浏览器中请使用浏览器的打印功能（Ctrl+P）');
    const pdf = await host.printToPdf({ landscape: req.landscape });
    const name = req.suggestedName.toLowerCase().endsWith('.pdf') ? req.suggestedName : `${req.suggestedName}.pdf`;
    return { path: await host.saveFile(safeName(name.replace(/\.pdf$/i, '')) + '.pdf', pdf) };
  },
  'rollup.import': async (req, host) => {
    const ledger = host.ledger();
    const { importFilings } = await engine();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-rollup-'));
    try {
      const files = req.files.map((f, i) => {
        const file = path.join(dir, `${i}-${path.basename(f.name)}`);
        fs.writeFileSync(file, Buffer.from(f.data, 'base64'));
        return file;
      });
      const r = await importFilings(ledger, files);
      host.emit('ledger.changed', { reason: 'rollup' });
      return {
        imported: r.imported.map((i) => ({
          file: path.basename(i.file).replace(/^\d+-/, ''), officeName: i.officeName, regionCode: i.regionCode, year: i.year, rows: i.rows,
          totalFen: i.totalFen, replaced: i.replacedBatchIds.length,
        })),
        rows: r.rows,
        totalFen: r.totalFen,
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
