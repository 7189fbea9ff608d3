/**
 * Handlers of the registers' channels (issue 5): people and household files,
 * model workers and their subsidy rounds, programs, code lists, approval and
 * the dashboard. Every write is one command with a Chinese label for 撤销/重做,
 * and answers with the history state so the UI can show what Ctrl+Z will undo.
 */
import type { Channel } from '../../../shared/contract.ts';
import type { ModelWorkerFields, ModelWorkerRow } from '../../../shared/registers.ts';
import { historyState } from '../history.ts';
import type { Ledger } from '../ledger.ts';
import type { Tx } from '../db/writer.ts';
import { LedgerError } from '../errors.ts';
import { dashboard } from '../queries/dashboard.ts';
import { householdDetail } from '../queries/households.ts';
import { getPaymentRows } from '../queries/payments.ts';
import { personRows, queryPeople } from '../queries/people.ts';
import { addCode, deleteCode, listCodes, retireCode } from '../services/codeLists.ts';
import {
  addHouseholdMembers, createHousehold, unitByName, editPeople, removeHouseholdMember, revealBankAccount, reviewHousehold, setHouseholdStatus, updateHousehold,
} from '../services/households.ts';
import { generateRound, previewRound } from '../services/modelWorkerRounds.ts';
import { createModelWorker, deleteModelWorker, listModelWorkers, updateModelWorker, type ModelWorkerInput } from '../services/modelWorkers.ts';
import { setPaymentStatus } from '../services/payments.ts';
import { createPerson } from '../services/people.ts';
import { deleteProgram, saveProgramForm } from '../services/programForm.ts';
import { getProgram } from '../services/programs.ts';
import { getSettings } from '../services/settings.ts';
import { listUnits } from '../services/units.ts';
import type { HandlersFor } from './handlers.ts';

export type RegisterChannel =
  | 'people.page' | 'people.update' | 'units.list'
  | 'households.get' | 'households.create' | 'households.update' | 'households.setStatus' | 'households.review'
  | 'households.addMembers' | 'households.removeMember' | 'households.revealAccount'
  | 'modelWorkers.list' | 'modelWorkers.create' | 'modelWorkers.update' | 'modelWorkers.delete'
  | 'modelWorkers.previewRound' | 'modelWorkers.generateRound'
  | 'programs.get' | 'programs.save' | 'programs.delete'
  | 'codes.listUsage' | 'codes.add' | 'codes.retire' | 'codes.delete'
  | 'approval.setStatus' | 'dashboard.get';

/** Every register channel is a contract channel (compile-time check). */
const registerChannelsAreChannels: RegisterChannel extends Channel ? true : never = true;
void registerChannelsAreChannels;

function modelWorkerRow(ledger: Ledger, id: number, personId: number): ModelWorkerRow {
  const row = listModelWorkers(ledger, { personId }).find((r) => r.id === id);
  if (!row) throw new LedgerError('not_found', `找不到劳模记录 #${id}`);
  return row;
}

/** An honour level must be an active value of its code list (or the one the row already has). */
function checkedModelWorker(tx: Tx, fields: ModelWorkerFields, current?: string): Partial<ModelWorkerInput> {
  const level = fields.honourLevel?.trim();
  if (level !== undefined && level !== current) {
    const row = tx.database.prepare("SELECT retired_at FROM code_lists WHERE list = 'honour_level' AND value = ?").get(level) as { retired_at: string | null } | undefined;
    if (!row) throw new LedgerError('invalid_input', `荣誉级别“${level}”不在代码表中`);
    if (row.retired_at !== null) throw new LedgerError('invalid_input', `荣誉级别“${level}”已停用`);
  }
  const out: Partial<ModelWorkerInput> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

const STATUS_VERB: Record<string, string> = { 登记: '退回登记', 已审核: '审核', 已发放: '发放', 已签领: '签领' };

export const registerHandlers: HandlersFor<RegisterChannel> = {
  'people.page': (req, host) => queryPeople(host.ledger(), req.query),
  'people.update': (req, host) => {
    const ledger = host.ledger();
    const label = req.source === 'keyed' && req.edits.length === 1 ? '修改人员信息' : `修改 ${req.edits.length} 位人员`;
    const ids = ledger.run({ kind: `people.${req.source}`, label, source: req.source, actor: host.actor() }, (tx) => editPeople(tx, req.edits));
    return { rows: personRows(ledger, ids, req.year ?? new Date().getFullYear()), history: historyState(ledger) };
  },
  'units.list': (_req, host) => listUnits(host.ledger()),

  'households.get': (req, host) => householdDetail(host.ledger(), req.id),
  'households.create': (req, host) => {
    const ledger = host.ledger();
    const who = req.fields.fileNo?.trim() || req.members[0]?.person?.name || '';
    const id = ledger.run({ kind: 'household.create', label: `新建档案 ${who}`.trim(), source: 'keyed', actor: host.actor() }, (tx) =>
      createHousehold(tx, req.fields, req.members),
    );
    return { id, history: historyState(ledger) };
  },
  'households.update': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'household.update', label: '修改档案', source: 'keyed', actor: host.actor() }, (tx) => updateHousehold(tx, req.id, req.fields));
    return { detail: householdDetail(ledger, req.id), history: historyState(ledger) };
  },
  'households.setStatus': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'household.status', label: `档案改为${req.status}`, source: 'keyed', actor: host.actor() }, (tx) =>
      setHouseholdStatus(tx, req.id, req.status, req.changedOn, req.reason),
    );
    return { detail: householdDetail(ledger, req.id), history: historyState(ledger) };
  },
  'households.review': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'household.review', label: '档案复核', source: 'keyed', actor: host.actor() }, (tx) => reviewHousehold(tx, req.id, req.reviewedOn, req.note ?? null));
    return { detail: householdDetail(ledger, req.id), history: historyState(ledger) };
  },
  'households.addMembers': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'household.members', label: `增加 ${req.members.length} 名家庭成员`, source: 'keyed', actor: host.actor() }, (tx) => addHouseholdMembers(tx, req.id, req.members));
    return { detail: householdDetail(ledger, req.id), history: historyState(ledger) };
  },
  'households.removeMember': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'household.members', label: '移出家庭成员', source: 'keyed', actor: host.actor() }, (tx) => removeHouseholdMember(tx, req.id, req.personId));
    return { detail: householdDetail(ledger, req.id), history: historyState(ledger) };
  },
  'households.revealAccount': (req, host) => ({ account: revealBankAccount(host.ledger(), req.id) }),

  'modelWorkers.list': (_req, host) => listModelWorkers(host.ledger()),
  'modelWorkers.create': (req, host) => {
    const ledger = host.ledger();
    const name = req.person?.name ?? '';
    const { id, personId } = ledger.run({ kind: 'modelWorker.create', label: `登记劳模 ${name}`.trim(), source: 'keyed', actor: host.actor() }, (tx) => {
      let pid = req.personId;
      if (pid === undefined) {
        if (!req.person) throw new LedgerError('invalid_input', '请选择已登记的人员或填写新人员的姓名');
        const unit = req.person.unitName?.trim();
        pid = createPerson(tx, {
          name: req.person.name, idNumber: req.person.idNumber ?? null, gender: req.person.gender ?? null, birthDate: req.person.birthDate ?? null,
          phone: req.person.phone ?? null, unitId: unit ? unitByName(tx, unit) : null, note: req.person.note ?? null,
        });
      }
      const fields = checkedModelWorker(tx, req.fields);
      return { id: createModelWorker(tx, { ...fields, personId: pid, honourLevel: fields.honourLevel ?? '', title: fields.title ?? '' }), personId: pid };
    });
    return { row: modelWorkerRow(ledger, id, personId), history: historyState(ledger) };
  },
  'modelWorkers.update': (req, host) => {
    const ledger = host.ledger();
    const personId = ledger.run({ kind: 'modelWorker.update', label: '修改劳模信息', source: 'keyed', actor: host.actor() }, (tx) => {
      const current = tx.get('model_workers', req.id);
      if (!current) throw new LedgerError('not_found', `找不到劳模记录 #${req.id}`);
      updateModelWorker(tx, req.id, checkedModelWorker(tx, req.fields, String(current.honour_level)));
      return current.person_id as number;
    });
    return { row: modelWorkerRow(ledger, req.id, personId), history: historyState(ledger) };
  },
  'modelWorkers.delete': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'modelWorker.delete', label: `删除 ${req.ids.length} 条劳模记录`, source: 'keyed', actor: host.actor() }, (tx) => {
      for (const id of req.ids) deleteModelWorker(tx, id);
    });
    return { deleted: req.ids.length, history: historyState(ledger) };
  },
  'modelWorkers.previewRound': (req, host) => previewRound(host.ledger().db, req.criteria),
  'modelWorkers.generateRound': (req, host) => {
    const ledger = host.ledger();
    const program = getProgram(ledger, req.criteria.programId);
    const result = ledger.run({ kind: 'modelWorkers.round', label: `生成劳模发放名单：${program.name}`, source: 'generated', actor: host.actor() }, (tx) =>
      generateRound(tx, req.criteria, host.actor()),
    );
    return { ...result, history: historyState(ledger) };
  },

  'programs.get': (req, host) => getProgram(host.ledger(), req.id),
  'programs.save': (req, host) => {
    const ledger = host.ledger();
    const label = req.id === null ? `新建项目 ${req.form.name}` : `修改项目 ${req.form.name}`;
    const id = ledger.run({ kind: req.id === null ? 'program.create' : 'program.update', label, source: 'keyed', actor: host.actor() }, (tx) =>
      saveProgramForm(tx, req.id, req.form),
    );
    return { program: getProgram(ledger, id), history: historyState(ledger) };
  },
  'programs.delete': (req, host) => {
    const ledger = host.ledger();
    const program = getProgram(ledger, req.id);
    ledger.run({ kind: 'program.delete', label: `删除项目 ${program.name}`, source: 'keyed', actor: host.actor() }, (tx) => deleteProgram(tx, req.id));
    return { history: historyState(ledger) };
  },

  'codes.listUsage': (req, host) => listCodes(host.ledger(), req.list, true),
  'codes.add': (req, host) => {
    const ledger = host.ledger();
    const id = ledger.run({ kind: 'code.add', label: `增加代码“${req.value.trim()}”`, source: 'keyed', actor: host.actor() }, (tx) => addCode(tx, req.list, req.value));
    return { id, history: historyState(ledger) };
  },
  'codes.retire': (req, host) => {
    const ledger = host.ledger();
    const value = ledger.stmt('SELECT value FROM code_lists WHERE id = ?').pluck().get(req.id) as string | undefined;
    ledger.run({ kind: 'code.retire', label: `${req.retired ? '停用' : '启用'}代码“${value ?? req.id}”`, source: 'keyed', actor: host.actor() }, (tx) =>
      retireCode(tx, req.id, req.retired),
    );
    return { history: historyState(ledger) };
  },
  'codes.delete': (req, host) => {
    const ledger = host.ledger();
    const value = ledger.stmt('SELECT value FROM code_lists WHERE id = ?').pluck().get(req.id) as string | undefined;
    ledger.run({ kind: 'code.delete', label: `删除代码“${value ?? req.id}”`, source: 'keyed', actor: host.actor() }, (tx) => deleteCode(tx, req.id));
    return { history: historyState(ledger) };
  },

  'approval.setStatus': (req, host) => {
    const ledger = host.ledger();
    const approver = req.status === '已审核' ? (req.approver?.trim() || getSettings(ledger).approverName || host.actor()) : host.actor();
    const verb = STATUS_VERB[req.status]!;
    const label = req.status === '已审核' ? `审核 ${req.ids.length} 条（审核人：${approver ?? ''}）` : `${verb} ${req.ids.length} 条`;
    const changed = ledger.run({ kind: 'payments.status', label, source: 'keyed', actor: host.actor() }, (tx) => setPaymentStatus(tx, req.ids, req.status, approver));
    return { changed, rows: getPaymentRows(ledger, req.ids), history: historyState(ledger) };
  },
  'dashboard.get': (req, host) => dashboard(host.ledger(), req.year),
};
