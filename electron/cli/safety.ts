/**
 * CLI commands of data safety: year close and reopen, the list of backups,
 * manual backup and restore. Registered in main.ts by `safetyCommands(ctx)`;
 * like every command they validate their arguments before opening the ledger.
 */
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { formatYuan } from '../../shared/domain/money.ts';
import { BACKUP_KINDS, checkBackups, latestGoodBackup, listBackups, manualBackup, restoreLedger } from '../core/backups.ts';
import { LedgerError } from '../core/errors.ts';
import type { Ledger } from '../core/ledger.ts';
import { backupLedger } from '../core/maintenance.ts';
import { closeYear, closedYears, reopenYear, yearCloseSummary, yearClosingHistory, YEAR_CLOSE_KIND, YEAR_REOPEN_KIND } from '../core/services/years.ts';
import { UsageError, optional } from './args.ts';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface SafetyCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** What main.ts lends the safety commands (its argument parsing and ledger handling). */
export interface SafetyCliContext {
  parse: (argv: string[], options: ParseArgsConfig['options']) => { values: Values; positionals: string[] };
  withLedger: <T>(values: Values, io: SafetyCliIo, fn: (l: Ledger) => T) => T;
  emit: (io: SafetyCliIo, values: Values, json: unknown, text: string) => void;
  actorOf: (values: Values, io: SafetyCliIo) => string;
  ledgerPathOf: (values: Values, io: SafetyCliIo) => string;
}

export const SAFETY_USAGE = `  close-year 年度 [--reason 原因] [--by 结账人]    年度结账：锁定该年度的发放记录
  reopen-year 年度 --reason 原因 --approver 批准人  反结账（需原因和批准人，记入审计）
  closed-years [--history] [--json]                  已结账年度（--history 含反结账记录）
  backups [--check] [--json]                         备份列表（--check 逐个校验）
  backup [--out 文件]                                手动备份（不给 --out 时存入 backups 文件夹）
  restore (备份文件 | --latest) [--json]             从备份恢复（先备份当前台账；台账须未被打开）
`;

/** RELIEF_LEDGER_BUSY_TIMEOUT_MS: how long a CLI write waits for the app (default 5 s). */
export function busyTimeoutOf(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.RELIEF_LEDGER_BUSY_TIMEOUT_MS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A line to add under an error: how to act on it from the command line. */
export function cliHint(e: LedgerError): string {
  if (e.code === 'corrupt' && e.details?.latestGoodBackup) return '\n恢复最近的完好备份：relief-ledger restore --latest';
  return '';
}

function yearArg(positionals: string[], command: string): number {
  const [y, ...extra] = positionals;
  if (y === undefined) throw new UsageError(`${command} 后应为年度，例如 ${command} 2017`);
  if (extra.length > 0) throw new UsageError(`多余的参数：${extra.join(' ')}`);
  if (!/^\d{4}$/.test(y)) throw new UsageError(`年度应为四位数字：${y}`);
  return Number(y);
}

function requiredText(values: Values, name: string, label: string): string {
  const v = optional(values, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`缺少参数 --${name}（${label}）`);
  return v.trim();
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function safetyCommands(ctx: SafetyCliContext): Record<string, (argv: string[], io: SafetyCliIo) => void> {
  const { parse, withLedger, emit, actorOf, ledgerPathOf } = ctx;
  return {
    'close-year'(argv, io) {
      const { values, positionals } = parse(argv, { reason: { type: 'string' }, by: { type: 'string' } });
      const year = yearArg(positionals, 'close-year');
      const reason = optional(values, 'reason') ?? null;
      withLedger(values, io, (l) => {
        const by = optional(values, 'by') ?? actorOf(values, io);
        const id = l.run({ kind: YEAR_CLOSE_KIND, label: `${year}年度结账`, source: 'cli', undoable: false }, (tx) => closeYear(tx, year, by, reason));
        const s = yearCloseSummary(l, year);
        const notes: string[] = [];
        if (s.unsettled > 0) notes.push(`提示：该年度有 ${s.unsettled} 条发放记录尚未发放或签领。`);
        if (s.withErrors > 0) notes.push(`提示：该年度有 ${s.withErrors} 条发放记录存在错误提示。`);
        emit(io, values, { year, closingId: id, summary: s }, [
          `已结账：${year}年度（发放记录 ${s.payments} 条，现金 ${formatYuan(s.cashFen)} 元，慰问品 ${formatYuan(s.goodsFen)} 元）。该年度的发放记录已锁定。`,
          ...notes,
        ].join('\n'));
      });
    },

    'reopen-year'(argv, io) {
      const { values, positionals } = parse(argv, { reason: { type: 'string' }, approver: { type: 'string' } });
      const year = yearArg(positionals, 'reopen-year');
      const reason = requiredText(values, 'reason', '反结账原因');
      const approver = requiredText(values, 'approver', '批准人');
      withLedger(values, io, (l) => {
        l.run({ kind: YEAR_REOPEN_KIND, label: `${year}年度反结账`, source: 'cli', undoable: false }, (tx) => reopenYear(tx, year, reason, approver));
        emit(io, values, { year, reason, approver }, `已反结账：${year}年度（原因：${reason}；批准人：${approver}）。该年度的发放记录可以修改了，修改完成后请重新结账。`);
      });
    },

    'closed-years'(argv, io) {
      const { values } = parse(argv, { history: { type: 'boolean', default: false } });
      withLedger(values, io, (l) => {
        if (values.history) {
          const h = yearClosingHistory(l);
          emit(io, values, h, h.length === 0 ? '（没有结账记录）' : h.map((r) =>
            `${r.year}年度\t结账 ${localTime(r.closedAt)} ${r.closedBy}${r.reason ? `（${r.reason}）` : ''}` +
            (r.reopenedAt ? `\t反结账 ${localTime(r.reopenedAt)} ${r.reopenedBy ?? ''}，批准人 ${r.reopenApprover}，原因：${r.reopenReason}` : '\t已结账')).join('\n'));
          return;
        }
        const list = closedYears(l);
        emit(io, values, list, list.length === 0 ? '（没有已结账的年度）' : list.map((r) => `${r.year}年度\t${localTime(r.closedAt)}\t${r.closedBy}${r.reason ? `\t${r.reason}` : ''}`).join('\n'));
      });
    },

    backups(argv, io) {
      const { values } = parse(argv, { check: { type: 'boolean', default: false } });
      const file = ledgerPathOf(values, io);
      const list = values.check ? checkBackups(file) : listBackups(file).map((b) => ({ ...b, ok: null as boolean | null, problem: null as string | null }));
      emit(io, values, { ledgerPath: file, backups: list }, list.length === 0
        ? `（没有备份；备份文件夹：${path.join(path.dirname(file), 'backups')}）`
        : list.map((b) => `${localTime(b.at)}\t${b.kindLabel}${b.tag ? `（${b.tag}）` : ''}\t${sizeText(b.bytes)}\t版本 ${b.schemaVersion ?? '?'}${b.ok === null ? '' : b.ok ? '\t完好' : `\t损坏：${b.problem}`}\t${b.path}`).join('\n'));
    },

    backup(argv, io) {
      const { values } = parse(argv, { out: { type: 'string' } });
      const out = optional(values, 'out');
      if (out !== undefined && out.trim() === '') throw new UsageError('参数 --out 缺少取值');
      withLedger(values, io, (l) => {
        if (out !== undefined) {
          const result = backupLedger(l, path.resolve(out));
          emit(io, values, result, `已备份到 ${result.path}（${result.bytes} 字节）`);
        } else {
          const b = manualBackup(l);
          emit(io, values, b, `已备份到 ${b.path}（${sizeText(b.bytes)}）`);
        }
      });
    },

    restore(argv, io) {
      const { values, positionals } = parse(argv, { latest: { type: 'boolean', default: false } });
      if (positionals.length > 1) throw new UsageError(`多余的参数：${positionals.slice(1).join(' ')}`);
      if (values.latest && positionals.length > 0) throw new UsageError('备份文件和 --latest 只能选一个');
      if (!values.latest && positionals.length === 0) throw new UsageError('请给出要恢复的备份文件，或用 --latest 恢复最近的完好备份');
      const file = ledgerPathOf(values, io);
      let from: string;
      if (values.latest) {
        const latest = latestGoodBackup(file);
        if (!latest) throw new LedgerError('not_found', `备份文件夹中没有完好的备份：${path.join(path.dirname(file), 'backups')}`);
        from = latest.path;
      } else {
        from = path.resolve(positionals[0]!);
      }
      const report = restoreLedger(file, from, { actor: actorOf(values, io) });
      const i = report.inspection;
      emit(io, values, report, [
        `已从备份恢复：${report.restoredFrom}`,
        `恢复后的台账：人员 ${i.counts?.people ?? 0}，项目 ${i.counts?.programs ?? 0}，发放记录 ${i.counts?.payments ?? 0}，现金 ${formatYuan(i.totals?.cashFen ?? 0)} 元${i.lastChangeAt ? `，最后修改于 ${localTime(i.lastChangeAt)}` : ''}`,
        report.backupVersion < report.schemaVersion ? `备份的数据库版本 ${report.backupVersion} 已升级到 ${report.schemaVersion}。` : '',
        report.previous
          ? `恢复前的台账已保存为：${report.previous.path}${report.previous.verified ? '' : '（原文件已损坏，按原样保存）'}`
          : '原台账文件不存在，无需保存。',
      ].filter(Boolean).join('\n'));
    },
  };
}

export { BACKUP_KINDS };
