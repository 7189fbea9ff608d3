/**
 * relief-ledger import / import-history / revert-import: the roster import
 * from a terminal, on the same core the app uses.
 *
 *   relief-ledger import FILE [--program CODE] [--paid-on DATE] [--dry-run] [--json] [--force]
 *   relief-ledger import-history [--json]
 *   relief-ledger revert-import BATCH_ID [--json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { localDateTime, parseDate } from '../../shared/domain/dates.ts';
import { formatYuan } from '../../shared/domain/money.ts';
import type { DefaultDateSource, ImportPreview } from '../../shared/import.ts';
import { LedgerError, toLedgerError } from '../core/errors.ts';
import {
  commitImport,
  fileErrorCliJson,
  listImportBatches,
  openImportFile,
  previewImport,
  previewToCliJson,
  revertImport,
} from '../core/import/index.ts';
import { Ledger } from '../core/ledger.ts';
import { defaultLedgerPath } from '../core/paths.ts';
import { findProgramByCode } from '../core/services/programs.ts';
import { UsageError, optional } from './args.ts';
import type { CliIo } from './main.ts';

// The same conventions as main.ts (kept here so that this module does not import main.ts, which imports it).
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const COMMON: ParseArgsConfig['options'] = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    const missing = /Option '([^']+)' argument missing/.exec(msg);
    throw new UsageError(unknown ? `未知参数 ${unknown[1]}` : missing ? `参数 ${missing[1]} 缺少取值` : msg);
  }
}

function actorOf(values: Values, io: CliIo): string {
  return typeof values.actor === 'string' ? values.actor : (io.env.RELIEF_LEDGER_ACTOR ?? io.env.USER ?? io.env.USERNAME ?? '命令行');
}

function openExisting(values: Values, io: CliIo): Ledger {
  const file = path.resolve(typeof values.db === 'string' && values.db !== '' ? values.db : defaultLedgerPath(io.env));
  if (!fs.existsSync(file)) throw new LedgerError('not_found', `台账文件不存在：${file}\n请先运行 relief-ledger --db "${file}" init`);
  return Ledger.open(file, { create: false, actor: actorOf(values, io) });
}

function emit(io: CliIo, values: Values, json: unknown, text: string): void {
  io.out(values.json ? JSON.stringify(json, null, 2) : text);
}

const STATUS_ZH = { ok: '正常', warn: '警告', error: '错误', skip: '跳过' } as const;
const ROLE_ZH = { payments: '花名册', summary: '汇总表', empty: '空表', other: '其他' } as const;

function yuan(fen: number): string {
  return `${formatYuan(fen)} 元`;
}

/** Where the date of the rows without one comes from, after the date. */
const DATE_FROM_ZH: Record<DefaultDateSource, string> = {
  chosen: '',
  filedOn: '（表中的填报日期）',
  programStart: '（项目开始日期）',
  today: '（今天）',
  yearStart: '（项目年度的 1 月 1 日：表中没有发放日期，也没有本年度的填报日期，请核对）',
};

function previewText(p: ImportPreview): string[] {
  const lines = [`文件：${p.file.name}（${p.file.format}${p.file.encoding ? `，${p.file.encoding}` : ''}）${p.program ? `  项目：${p.program.code} ${p.program.name}` : '  （未指定项目）'}`];
  for (const s of p.sheets) {
    const name = s.name === null ? '表格' : `工作表“${s.name}”`;
    if (s.role === 'payments') {
      lines.push(`${name}：${ROLE_ZH[s.role]}，${s.roleReason}；正常 ${s.counts.ok}、警告 ${s.counts.warn}、错误 ${s.counts.error}、跳过 ${s.counts.skip}`);
      lines.push(`  列：${s.columns.filter((c) => c.field).map((c) => `${c.col}=${c.header.replace(/\s+/g, '')}→${c.field}`).join('  ')}`);
    } else {
      lines.push(`${name}：${ROLE_ZH[s.role]}（${s.roleReason}）`);
    }
  }
  for (const t of p.summary.statedTotals) {
    lines.push(`${t.sheet === null ? '' : `“${t.sheet}”`}第 ${t.row} 行${t.label}：写明 ${yuan(t.fen)}，计算 ${yuan(t.computedFen)}${t.matches ? '，一致' : '，不一致！'}`);
  }
  const shown = p.rows.filter((r) => r.status === 'error' || r.status === 'warn');
  for (const r of shown.slice(0, 200)) {
    lines.push(`  ${r.sheet === null ? '' : `${r.sheet} `}第${r.row}行 ${STATUS_ZH[r.status]}：${r.reasons.filter((x) => x.severity !== 'skip').map((x) => x.message).join('；')}`);
  }
  if (shown.length > 200) lines.push(`  ……另有 ${shown.length - 200} 行有错误或警告（用 --json 查看全部）`);
  const s = p.summary;
  lines.push(`共：正常 ${s.ok}，警告 ${s.warn}，错误 ${s.error}，跳过 ${s.skip}；金额合计 ${yuan(s.totalFen)}，可导入 ${yuan(s.acceptedFen)}`);
  if (s.undatedRows > 0 && p.defaultPaidOn) {
    // Which rows: all those without a date; the held ones get it once corrected (the commit imports the others only).
    const held = s.undatedRows - s.defaultDateRows;
    const which = held === 0 ? '' : s.defaultDateRows === 0 ? '（都有错误，暂不导入）' : `（其中 ${s.defaultDateRows} 行导入，${held} 行有错误暂不导入）`;
    const dated = p.sheets.filter((x) => x.undatedRows > 0 && x.defaultPaidOn !== null);
    const dates = new Set(dated.map((x) => x.defaultPaidOn));
    const when = dates.size > 1
      ? `按各表的日期登记：${dated.map((x) => `${x.name ?? '表格'} ${x.defaultPaidOn}${x.defaultPaidOnFrom === 'filedOn' ? '（填报日期）' : ''}`).join('、')}`
      : `按 ${p.defaultPaidOn} 登记${DATE_FROM_ZH[p.defaultPaidOnFrom ?? 'chosen']}`;
    lines.push(`没有写发放日期的 ${s.undatedRows} 行${which}${when}（可用 --paid-on 日期 另行指定）`);
  }
  if (p.duplicateOf) lines.push(`注意：与 ${localDateTime(p.duplicateOf.importedAt).slice(0, 10)} 导入的“${p.duplicateOf.fileName}”（批次 #${p.duplicateOf.batchId}）完全相同`);
  return lines;
}

async function importFile(argv: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parse(argv, { program: { type: 'string' }, 'paid-on': { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } });
  if (positionals.length === 0) throw new UsageError('缺少要导入的文件：relief-ledger import 文件 [--program 项目编号] [--paid-on 日期] [--dry-run] [--json] [--force]');
  if (positionals.length > 1) throw new UsageError(`一次只能导入一个文件，收到 ${positionals.length} 个`);
  const file = path.resolve(positionals[0]!);
  const dryRun = values['dry-run'] === true;
  const code = optional(values, 'program');
  const paidOnText = optional(values, 'paid-on');
  const paidOn = paidOnText === undefined ? undefined : parseDate(paidOnText);
  if (paidOn && !paidOn.ok) throw new UsageError(`--paid-on：${paidOn.message}`);
  if (!dryRun && (code === undefined || code.trim() === '')) throw new UsageError('导入需要 --program 项目编号（只预览请加 --dry-run）');
  const ledger = openExisting(values, io);
  try {
    const programId = code === undefined ? null : findProgramByCode(ledger, code);
    if (code !== undefined && programId === null) throw new LedgerError('not_found', `找不到项目编号“${code}”`);
    let session;
    try {
      session = await openImportFile(file);
    } catch (e) {
      const le = toLedgerError(e);
      if (le.code === 'file_error' && values.json) io.out(JSON.stringify(fileErrorCliJson(path.basename(file), le), null, 2));
      throw le;
    }
    const preview = previewImport(ledger, session, { programId, ...(paidOn?.ok ? { paidOn: paidOn.iso } : {}) });
    if (dryRun) {
      emit(io, values, previewToCliJson(preview), [...previewText(preview), '（预览，未导入）'].join('\n'));
      return;
    }
    if (preview.outcome === 'no_rows') {
      // Nothing to commit is an outcome, not an error: said so, exit 0 (the JSON's outcome is no_rows, no batch).
      emit(io, values, previewToCliJson(preview), [...previewText(preview), '文件中没有发放记录，未导入'].join('\n'));
      return;
    }
    let result;
    try {
      result = commitImport(ledger, session, { force: values.force === true, clerk: actorOf(values, io) });
    } catch (e) {
      const refused = toLedgerError(e);
      emit(io, values, { ...previewToCliJson(preview), refused: refused.message }, previewText(preview).join('\n'));
      throw refused;
    }
    emit(io, values, previewToCliJson(preview, result.batchId), [
      ...previewText(preview),
      `已导入：批次 #${result.batchId}，发放记录 ${result.payments} 条（现金 ${yuan(result.acceptedFen)}${result.acceptedGoodsFen ? `，慰问品 ${yuan(result.acceptedGoodsFen)}` : ''}），新建人员 ${result.newPeople} 人${result.heldErrors ? `；${result.heldErrors} 行有错误未导入` : ''}`,
      `批次号 ${result.batchId}`,
    ].join('\n'));
  } finally {
    ledger.close();
  }
}

function importHistory(argv: string[], io: CliIo): void {
  const { values, positionals } = parse(argv, {});
  if (positionals.length > 0) throw new UsageError(`import-history 不接受参数“${positionals[0]}”`);
  const ledger = openExisting(values, io);
  try {
    const batches = listImportBatches(ledger);
    emit(io, values, batches, batches.length === 0
      ? '（没有导入记录）'
      : batches.map((b) => [
        // As imported (the total is the import's), with what is left when some were deleted since, as the screen shows it.
        `#${b.id}`, localDateTime(b.importedAt), b.fileName, b.programCode ?? '',
        `${b.counts.payments ?? b.payments}条${!b.revertedAt && b.counts.payments !== undefined && b.payments !== b.counts.payments ? `（现存 ${b.payments} 条）` : ''}`, yuan(b.acceptedFen), b.clerk ?? '',
        b.revertedAt ? `已撤销（${localDateTime(b.revertedAt).slice(0, 10)}）` : b.revertBlockedBy ? '不可撤销' : '',
      ].join('\t')).join('\n'));
  } finally {
    ledger.close();
  }
}

function revertBatch(argv: string[], io: CliIo): void {
  const { values, positionals } = parse(argv, {});
  const idText = positionals[0];
  if (idText === undefined) throw new UsageError('缺少批次号：relief-ledger revert-import 批次号');
  const id = /^#?(\d+)$/.exec(idText.trim())?.[1];
  if (id === undefined) throw new UsageError(`批次号必须是整数：${idText}`);
  const ledger = openExisting(values, io);
  try {
    const r = revertImport(ledger, Number(id), actorOf(values, io));
    emit(io, values, r, `已撤销导入批次 #${r.batchId}：删除发放记录 ${r.deletedPayments} 条、人员 ${r.deletedPeople} 人、单位 ${r.deletedUnits} 个${r.deletedModelWorkers ? `、劳模记录 ${r.deletedModelWorkers} 条` : ''}${r.editedPayments ? `（其中 ${r.editedPayments} 条在导入后修改过，修改一并删除）` : ''}`);
  } finally {
    ledger.close();
  }
}

export const IMPORT_USAGE = `  import 文件 [--program 项目编号] [--paid-on 日期] [--dry-run] [--json] [--force]   导入花名册（xlsx/xls/csv/网页表格；--paid-on：没有写发放日期的行的日期）
  import-history [--json]                            导入记录
  revert-import 批次号                               撤销一次导入`;

export const importCommands: Record<string, (argv: string[], io: CliIo) => void | Promise<void>> = {
  import: importFile,
  'import-history': importHistory,
  'revert-import': revertBatch,
};
