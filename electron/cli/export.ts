/**
 * relief-ledger export … and import-filing: the forms filed with higher-level
 * unions and the roll-up of county filing packages. Arguments are checked
 * before the ledger is opened; an export writes its file completely or not at
 * all; an import of packages changes the ledger completely or not at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDate } from '../../shared/domain/dates.ts';
import { formatYuan } from '../../shared/domain/money.ts';
import { LedgerError } from '../core/errors.ts';
import { checkOutputPath } from '../core/export/output.ts';
import { Ledger } from '../core/ledger.ts';
import { defaultLedgerPath } from '../core/paths.ts';
import { UsageError, intArg, optional, required } from './args.ts';

export interface ExportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const EXPORT_USAGE = `  export roster --program 编号 --out 文件.xlsx [--mask-ids] [--date 填报日期]   发放花名册
  export annual --year 年度 --out 文件.xlsx [--date 填报日期]                    年度帮扶救助情况统计表
  export model-workers --year 年度 --out 文件.xlsx [--mask-ids] [--date 填报日期] 劳模补助金发放表
  export filing --year 年度 --out 文件.xlsx                                    上报数据包
  import-filing 文件.xlsx...                                                  导入下级上报数据包（汇总）
`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const COMMON: ParseArgsConfig['options'] = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  actor: { type: 'string' },
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

/** The export engine (and exceljs) is loaded only when an export or import runs: other commands start faster. */
const engine = () => import('../core/export/index.ts');

async function withLedger<T>(values: Values, io: ExportIo, fn: (l: Ledger) => Promise<T>): Promise<T> {
  const db = values.db;
  const file = path.resolve(typeof db === 'string' && db !== '' ? db : defaultLedgerPath(io.env));
  if (!fs.existsSync(file)) throw new LedgerError('not_found', `台账文件不存在：${file}\n请先运行 relief-ledger --db "${file}" init`);
  const actor = typeof values.actor === 'string' ? values.actor : (io.env.RELIEF_LEDGER_ACTOR ?? io.env.USER ?? io.env.USERNAME ?? '命令行');
  const ledger = Ledger.open(file, { create: false, actor });
  try {
    return await fn(ledger);
  } finally {
    ledger.close();
  }
}

function outArg(values: Values): string {
  try {
    return checkOutputPath(required(values, 'out', '导出文件'));
  } catch (e) {
    if (e instanceof LedgerError) throw new UsageError(`--out：${e.message}`);
    throw e;
  }
}

function yearArg(values: Values): number {
  const year = intArg(values, 'year');
  if (year === undefined) throw new UsageError('缺少参数 --year（年度）');
  if (year < 1900 || year > 2199) throw new UsageError(`--year 年度无效：${year}`);
  return year;
}

function dateArg(values: Values): string | undefined {
  const text = optional(values, 'date');
  if (text === undefined) return undefined;
  const d = parseDate(text);
  if (!d.ok) throw new UsageError(`--date：日期“${text}”无法识别`);
  return d.iso;
}

function summary(what: string, r: { file: string; rows: number; totalFen: number }, unit = '条'): string {
  return `已导出${what}：${r.file}（${r.rows} ${unit}，合计 ${formatYuan(r.totalFen)} 元）`;
}

function emit(io: ExportIo, values: Values, json: object, text: string): void {
  io.out(values.json ? JSON.stringify(json, null, 2) : text);
}

async function exportCommand(argv: string[], io: ExportIo): Promise<void> {
  const { values, positionals } = parse(argv, {
    program: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' }, 'mask-ids': { type: 'boolean', default: false },
    date: { type: 'string' },
  });
  const [form, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`多余的参数：${extra.join(' ')}`);
  const mask = values['mask-ids'] === true;
  const filedOn = dateArg(values);
  const date = filedOn === undefined ? {} : { filedOn };
  switch (form) {
    case 'roster': {
      const code = required(values, 'program', '项目编号');
      const out = outArg(values);
      const { exportRoster } = await engine();
      const r = await withLedger(values, io, (l) => exportRoster(l, { programCode: code, out, maskIds: mask, ...date }));
      return emit(io, values, r, summary('发放花名册', r, '人次'));
    }
    case 'annual': {
      const year = yearArg(values);
      const out = outArg(values);
      const { exportAnnual } = await engine();
      const r = await withLedger(values, io, (l) => exportAnnual(l, { year, out, ...date }));
      return emit(io, values, r, [summary(r.consolidated ? '年度帮扶救助情况汇总表' : '年度帮扶救助情况统计表', r), ...r.warnings.map((w) => `注意：${w}`)].join('\n'));
    }
    case 'model-workers': {
      const year = yearArg(values);
      const out = outArg(values);
      const { exportModelWorkers } = await engine();
      const r = await withLedger(values, io, (l) => exportModelWorkers(l, { year, out, maskIds: mask, ...date }));
      return emit(io, values, r, summary('劳模补助金发放表', r, '人'));
    }
    case 'filing': {
      const year = yearArg(values);
      const out = outArg(values);
      const { exportFiling } = await engine();
      const r = await withLedger(values, io, (l) => exportFiling(l, { year, out }));
      const { meta: _meta, ...json } = r;
      return emit(io, values, json, `${summary('上报数据包', r)}\n数据校验码：${r.sha256}`);
    }
    default:
      throw new UsageError(`export 后应为 roster、annual、model-workers 或 filing，收到“${form ?? ''}”`);
  }
}

async function importFilingCommand(argv: string[], io: ExportIo): Promise<void> {
  const { values, positionals } = parse(argv, {});
  if (positionals.length === 0) throw new UsageError('缺少要导入的上报数据包文件');
  const files = positionals.map((f) => path.resolve(f));
  const { importFilings } = await engine();
  const r = await withLedger(values, io, (l) => importFilings(l, files, { source: 'cli' }));
  emit(io, values, { files, ...r }, [
    ...r.imported.map((i) => `已导入 ${i.officeName}${i.year}年：${path.basename(i.file)}（${i.rows} 条，合计 ${formatYuan(i.totalFen)} 元）${i.replacedBatchIds.length ? '，替换了此前导入的数据包' : ''}`),
    `共 ${r.rows} 条，合计 ${formatYuan(r.totalFen)} 元`,
  ].join('\n'));
}

/** Registered in main.ts: `export …` and `import-filing …`. */
export const exportCommands: Record<string, (argv: string[], io: ExportIo) => Promise<void>> = {
  export: exportCommand,
  'import-filing': importFilingCommand,
};
