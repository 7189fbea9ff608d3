/**
 * relief-ledger: the command-line face of the same core the app uses.
 * Every command validates its arguments before opening the ledger, and every
 * write is one service-layer command, so a bad command changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseAmount, formatYuan } from '../../shared/domain/money.ts';
import { parseDate } from '../../shared/domain/dates.ts';
import { LedgerError, toLedgerError } from '../core/errors.ts';
import { historyState, redo, undo } from '../core/history.ts';
import { Ledger } from '../core/ledger.ts';
import { defaultLedgerPath } from '../core/paths.ts';
import { ledgerInfo } from '../core/queries/info.ts';
import { queryPayments } from '../core/queries/payments.ts';
import { replayAudit } from '../core/replay.ts';
import { createPerson } from '../core/services/people.ts';
import { applyPaymentEdits } from '../core/services/payments.ts';
import { createProgram, findProgramByCode, type FundInput, type StandardInput } from '../core/services/programs.ts';
import { setSettings } from '../core/services/settings.ts';
import { ensureUnit } from '../core/services/units.ts';
import { checkLedger } from '../core/maintenance.ts';
import { UsageError, intArg, keyValue, optional, required } from './args.ts';
import { EXPORT_USAGE, exportCommands } from './export.ts';
import { SAFETY_USAGE, busyTimeoutOf, cliHint, safetyCommands } from './safety.ts';
import { IMPORT_USAGE, importCommands } from './import.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE = `用法: relief-ledger [--db 台账文件] <命令> [参数]

命令:
  init [--office 单位名称] [--region 行政区划代码]   新建台账
  info [--json]                                      台账概况（版本、数量、合计，金额单位为分）
  add person --name 姓名 [--id 身份证号] [--gender 男|女] [--birth 出生日期] [--phone 电话] [--unit 工作单位]
             [--employment 就业状态]
  add program --code 编号 --name 名称 --year 年度 --kind 类别 [--fund 来源=金额]... [--standard 对象类别=金额]...
  add payment --program 编号 (--person 身份证号或姓名 | --name 姓名 [--id 身份证号]) --amount 金额
             [--goods 慰问品金额 --goods-desc 慰问品] [--date 发放日期] [--kind 对象类别] [--category 困难类别]
             [--method 现金|银行转账] [--unit 工作单位] [--note 备注]
  list payments [--program 编号] [--year 年度] [--limit 条数] [--json]
  undo | redo [--json]                               撤销 / 重做上一次修改
  check [--json]                                     完整性、外键、审计重放检查
${EXPORT_USAGE}
${SAFETY_USAGE}
${IMPORT_USAGE}
台账文件: --db 指定；否则取环境变量 RELIEF_LEDGER_DB；否则为用户数据目录下的默认台账。
`;

const COMMON: ParseArgsConfig['options'] = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(translateParseError((e as Error).message));
  }
}

function translateParseError(msg: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `未知参数 ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(msg);
  if (missing) return `参数 ${missing[1]} 缺少取值`;
  return msg;
}

function openExisting(values: Values, io: CliIo): Ledger {
  const file = ledgerPathOf(values, io);
  if (!fs.existsSync(file)) throw new LedgerError('not_found', `台账文件不存在：${file}\n请先运行 relief-ledger --db "${file}" init`);
  return Ledger.open(file, { create: false, actor: actorOf(values, io), busyTimeoutMs: busyTimeoutOf(io.env) });
}

function ledgerPathOf(values: Values, io: CliIo): string {
  const db = values.db;
  return path.resolve(typeof db === 'string' && db !== '' ? db : defaultLedgerPath(io.env));
}

function actorOf(values: Values, io: CliIo): string {
  return typeof values.actor === 'string' ? values.actor : (io.env.RELIEF_LEDGER_ACTOR ?? io.env.USER ?? io.env.USERNAME ?? '命令行');
}

function emit(io: CliIo, values: Values, json: unknown, text: string): void {
  io.out(values.json ? JSON.stringify(json, null, 2) : text);
}

function withLedger<T>(values: Values, io: CliIo, fn: (l: Ledger) => T): T {
  const ledger = openExisting(values, io);
  try {
    return fn(ledger);
  } finally {
    ledger.close();
  }
}

function fenArg(text: string, flag: string): number {
  const a = parseAmount(text);
  if (!a.ok) throw new UsageError(`--${flag}：${a.message}`);
  return a.fen;
}

const commands: Record<string, (argv: string[], io: CliIo) => void | Promise<void>> = {
  ...exportCommands,
  ...importCommands,
  init(argv, io) {
    const { values } = parse(argv, { office: { type: 'string' }, region: { type: 'string' } });
    const file = ledgerPathOf(values, io);
    if (fs.existsSync(file) && fs.statSync(file).size > 0) throw new LedgerError('duplicate', `台账文件已存在：${file}（未做改动）`);
    const region = optional(values, 'region');
    if (region !== undefined && !/^\d{6}$/.test(region)) throw new UsageError('--region 应为6位行政区划代码');
    const ledger = Ledger.open(file, { actor: actorOf(values, io) });
    try {
      const office = optional(values, 'office');
      if (office !== undefined || region !== undefined) {
        ledger.run({ kind: 'settings.set', label: '设置单位信息', source: 'cli' }, (tx) =>
          setSettings(tx, { ...(office !== undefined ? { officeName: office } : {}), ...(region !== undefined ? { regionCode: region } : {}) }),
        );
      }
      emit(io, values, { path: file, schemaVersion: ledger.schemaVersion }, `已新建台账：${file}（数据库版本 ${ledger.schemaVersion}）`);
    } finally {
      ledger.close();
    }
  },

  info(argv, io) {
    const { values } = parse(argv, {});
    withLedger(values, io, (l) => {
      const info = ledgerInfo(l);
      emit(io, values, info, [
        `台账: ${info.path}`,
        `数据库版本: ${info.schemaVersion}`,
        `人员 ${info.counts.people}  项目 ${info.counts.programs}  发放记录 ${info.counts.payments}`,
        `现金合计 ${formatYuan(info.totals!.cashFen)} 元  慰问品合计 ${formatYuan(info.totals!.goodsFen)} 元`,
      ].join('\n'));
    });
  },

  add(argv, io) {
    const [what, ...rest] = argv;
    if (what === 'person') return addPerson(rest, io);
    if (what === 'program') return addProgram(rest, io);
    if (what === 'payment') return addPayment(rest, io);
    throw new UsageError(`add 后应为 person、program 或 payment，收到“${what ?? ''}”`);
  },

  list(argv, io) {
    const [what, ...rest] = argv;
    if (what !== 'payments') throw new UsageError(`list 后应为 payments，收到“${what ?? ''}”`);
    const { values } = parse(rest, { program: { type: 'string' }, year: { type: 'string' }, limit: { type: 'string' } });
    const year = intArg(values, 'year');
    const limit = intArg(values, 'limit') ?? 5000;
    withLedger(values, io, (l) => {
      const code = optional(values, 'program');
      const filters = code === undefined ? {} : { programCode: { type: 'text' as const, op: 'equals' as const, value: code } };
      if (code !== undefined && findProgramByCode(l, code) === null) throw new LedgerError('not_found', `找不到项目编号“${code}”`);
      const rows: ReturnType<typeof queryPayments>['rows'] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = queryPayments(l, { year: year ?? null, filters, sort: [{ field: 'paidOn', dir: 'asc' }], offset, limit: Math.min(1000, limit - rows.length) });
        rows.push(...page.rows);
        if (page.rows.length === 0 || rows.length >= Math.min(limit, page.total)) break;
      }
      emit(
        io,
        values,
        rows,
        rows.length === 0
          ? '（没有发放记录）'
          : rows.map((r) => `${r.id}\t${r.paidOn}\t${r.programCode ?? ''}\t${r.personName ?? ''}\t${r.idNumber ?? ''}\t${formatYuan(r.cashFen)}\t${r.status}${r.issues.length ? `\t⚠ ${r.issues.map((i) => i.message).join('；')}` : ''}`).join('\n'),
      );
    });
  },

  undo(argv, io) {
    const { values } = parse(argv, {});
    withLedger(values, io, (l) => {
      const step = undo(l, actorOf(values, io));
      emit(io, values, { ...step, ...historyState(l) }, `已撤销：${step.label}`);
    });
  },

  redo(argv, io) {
    const { values } = parse(argv, {});
    withLedger(values, io, (l) => {
      const step = redo(l, actorOf(values, io));
      emit(io, values, { ...step, ...historyState(l) }, `已重做：${step.label}`);
    });
  },

  check(argv, io) {
    const { values } = parse(argv, {});
    withLedger(values, io, (l) => {
      const report = checkLedger(l);
      emit(io, values, report, [
        `完整性检查: ${report.integrity.join('; ')}`,
        `外键检查: ${report.foreignKeyViolations === 0 ? '通过' : `${report.foreignKeyViolations} 处违反`}`,
        `审计重放: ${report.replay.ok ? '一致' : '不一致'}（${report.replay.auditRows} 条审计记录）`,
        ...report.replay.differences,
        report.ok ? '检查通过' : '检查未通过',
      ].join('\n'));
      if (!report.ok) process.exitCode = 1;
    });
  },
};

Object.assign(commands, safetyCommands({ parse, withLedger, emit, actorOf, ledgerPathOf }));

function addPerson(argv: string[], io: CliIo): void {
  const { values } = parse(argv, {
    name: { type: 'string' }, id: { type: 'string' }, gender: { type: 'string' }, birth: { type: 'string' },
    phone: { type: 'string' }, unit: { type: 'string' }, employment: { type: 'string' },
  });
  const name = required(values, 'name', '姓名');
  const gender = optional(values, 'gender');
  if (gender !== undefined && gender !== '男' && gender !== '女') throw new UsageError('--gender 只能是 男 或 女');
  const birth = optional(values, 'birth');
  if (birth !== undefined && !parseDate(birth).ok) throw new UsageError(`--birth：日期“${birth}”无法识别`);
  withLedger(values, io, (l) => {
    const id = l.run({ kind: 'person.create', label: `新建人员 ${name}`, source: 'cli' }, (tx) => {
      const unit = optional(values, 'unit');
      return createPerson(tx, {
        name, idNumber: optional(values, 'id') ?? null, gender: (gender as '男' | '女' | undefined) ?? null, birthDate: birth ?? null,
        phone: optional(values, 'phone') ?? null, unitId: unit ? ensureUnit(tx, unit) : null,
        employmentStatus: optional(values, 'employment') ?? null,
      });
    });
    const row = l.stmt('SELECT id, name, gender, id_number AS idNumber, birth_date AS birthDate FROM people WHERE id = ?').get(id);
    emit(io, values, row, `已新建人员 #${id} ${name}`);
  });
}

function addProgram(argv: string[], io: CliIo): void {
  const { values } = parse(argv, {
    code: { type: 'string' }, name: { type: 'string' }, year: { type: 'string' }, kind: { type: 'string' },
    fund: { type: 'string', multiple: true }, standard: { type: 'string', multiple: true },
  });
  const code = required(values, 'code', '项目编号');
  const name = required(values, 'name', '项目名称');
  const year = intArg(values, 'year');
  if (year === undefined) throw new UsageError('缺少参数 --year（年度）');
  const kind = required(values, 'kind', '项目类别');
  const funds: FundInput[] = ((values.fund as string[] | undefined) ?? []).map((f) => {
    const [source, amount] = keyValue(f, 'fund');
    return { source, amountFen: fenArg(amount, 'fund') };
  });
  const standards: StandardInput[] = ((values.standard as string[] | undefined) ?? []).map((s) => {
    const [recipientKind, amount] = keyValue(s, 'standard');
    return { recipientKind, cashFen: fenArg(amount, 'standard') };
  });
  withLedger(values, io, (l) => {
    const id = l.run({ kind: 'program.create', label: `新建项目 ${name}`, source: 'cli' }, (tx) =>
      createProgram(tx, { code, name, year, kind, funds, standards }),
    );
    emit(io, values, { id, code, name, year, kind }, `已新建项目 #${id} ${code} ${name}`);
  });
}

function addPayment(argv: string[], io: CliIo): void {
  const { values } = parse(argv, {
    program: { type: 'string' }, person: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' },
    amount: { type: 'string' }, goods: { type: 'string' }, 'goods-desc': { type: 'string' }, date: { type: 'string' },
    kind: { type: 'string' }, category: { type: 'string' }, method: { type: 'string' }, unit: { type: 'string' }, note: { type: 'string' },
  });
  const code = required(values, 'program', '项目编号');
  const person = optional(values, 'person');
  const name = optional(values, 'name');
  const idNumber = optional(values, 'id');
  if (person === undefined && name === undefined && idNumber === undefined) throw new UsageError('缺少领取人：--person、--name 或 --id');
  const amount = optional(values, 'amount');
  const goods = optional(values, 'goods');
  if (amount === undefined && goods === undefined) throw new UsageError('缺少参数 --amount（金额）');
  const cells: Record<string, string> = {};
  if (person !== undefined) {
    if (/^[\dXx]{15,18}$/.test(person.trim())) cells.idNumber = person;
    else cells.personName = person;
  }
  if (name !== undefined) cells.personName = name;
  if (idNumber !== undefined) cells.idNumber = idNumber;
  const map: [string, string][] = [
    ['amount', 'cashFen'], ['goods', 'goodsFen'], ['goods-desc', 'goodsDesc'], ['date', 'paidOn'], ['kind', 'recipientKind'],
    ['category', 'category'], ['method', 'method'], ['unit', 'unitName'], ['note', 'note'],
  ];
  for (const [flag, field] of map) {
    const v = optional(values, flag);
    if (v !== undefined) cells[field] = v;
  }
  withLedger(values, io, (l) => {
    const programId = findProgramByCode(l, code);
    if (programId === null) throw new LedgerError('not_found', `找不到项目编号“${code}”`);
    if (cells.idNumber !== undefined && cells.personName === undefined) {
      const found = l.stmt('SELECT id FROM people WHERE id_number = ?').get(cells.idNumber.trim().toUpperCase());
      if (!found) throw new LedgerError('not_found', `身份证号 ${cells.idNumber} 尚未登记；请用 --name 和 --id 同时给出姓名和身份证号`);
    }
    const result = l.run({ kind: 'payment.create', label: '新增发放记录', source: 'cli' }, (tx) =>
      applyPaymentEdits(tx, [{ cells }], { programId }, l.actor),
    );
    const id = result.created[0]!;
    const row = queryPayments(l, { filters: { id: { type: 'number', op: 'eq', value: id } } }).rows[0]!;
    emit(io, values, row, `已新增发放记录 #${id}：${row.personName ?? ''} ${formatYuan(row.cashFen)} 元${row.issues.length ? `\n提示：${row.issues.map((i) => i.message).join('；')}` : ''}`);
  });
}

/** Run the CLI; returns the exit code (a promise of it for commands that write files). */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const first = argv.findIndex((a) => !a.startsWith('-'));
  // Global flags before the command (--db X, --json) are passed on to it.
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i]!;
    globals.push(a);
    if ((a === '--db' || a === '--actor') && i + 1 < argv.length) globals.push(argv[++i]!);
    i++;
  }
  const command = argv[i];
  if (command === undefined || argv.includes('--help') || argv.includes('-h') || command === 'help') {
    io.out(USAGE);
    return command === undefined && first === -1 && argv.length > 0 ? 2 : 0;
  }
  const handler = commands[command];
  if (!handler) {
    io.err(`未知命令“${command}”\n\n${USAGE}`);
    return 2;
  }
  const rest = argv.slice(i + 1);
  // Subcommand words (add person, list payments) stay first; global flags follow them.
  const args = command === 'add' || command === 'list' ? [...rest.slice(0, 1), ...globals, ...rest.slice(1)] : [...globals, ...rest];
  const exitCode = () => (typeof process.exitCode === 'number' ? process.exitCode : 0);
  const failed = (e: unknown): number => {
    if (e instanceof UsageError) {
      io.err(`参数错误：${e.message}\n运行 relief-ledger --help 查看用法`);
      return 2;
    }
    const le = toLedgerError(e);
    io.err(`错误：${le.message}${cliHint(le)}`);
    return 1;
  };
  try {
    const done = handler(args, io);
    return done instanceof Promise ? done.then(exitCode, failed) : exitCode();
  } catch (e) {
    return failed(e);
  }
}
