/**
 * 项目: the programs of the year with raised / paid / balance, and a program as
 * a form — code, name, year, kind, funds raised by source, standard amounts per
 * recipient kind, and its rules (caps per payment with an optional category,
 * yearly caps with a scope, once per household per year, once per person,
 * exclusive with another program; each an error or a warning). The 篇3
 * hospitalisation rules are a one-click template. Saving is one change (undoable).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatYuan, parseAmount } from '../../../shared/domain/money.ts';
import { hospitalisationRules, RULE_KINDS, RULE_KIND_LABELS, RULE_SCOPES, type RuleKind, type RuleScope, type Severity } from '../../../shared/domain/rules.ts';
import type { ProgramRecord, ProgramSummary } from '../../../shared/records.ts';
import type { ProgramForm } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { useCodes } from '../components/useCodes.ts';
import { yuan } from '../format.ts';
import { useApp, useLeaveGuard } from '../state.tsx';
import './registers.css';

const CAPS: readonly RuleKind[] = ['max_cash_per_payment', 'max_goods_per_payment', 'max_cash_per_person_year', 'max_total_per_person_year'];
const SCOPED: readonly RuleKind[] = ['max_cash_per_person_year', 'max_total_per_person_year', 'once_per_household_year'];

interface RuleDraft { key: number; kind: RuleKind; amount: string; category: string; scope: RuleScope; otherProgramId: number | null; severity: Severity }
interface FundDraft { key: number; source: string; amount: string; receivedOn: string; note: string }
interface StandardDraft { key: number; recipientKind: string; cash: string; goods: string; goodsDesc: string }
interface Draft { id: number | null; code: string; name: string; year: string; kind: string; startsOn: string; endsOn: string; note: string; funds: FundDraft[]; standards: StandardDraft[]; rules: RuleDraft[] }

let keys = 1;
const money = (fen: number) => (fen === 0 ? '' : formatYuan(fen).replace(/,/g, ''));

function draftOf(p: ProgramRecord): Draft {
  return {
    id: p.id, code: p.code, name: p.name, year: String(p.year), kind: p.kind, startsOn: p.startsOn ?? '', endsOn: p.endsOn ?? '', note: p.note ?? '',
    funds: p.funds.map((f) => ({ key: keys++, source: f.source, amount: money(f.amountFen), receivedOn: f.receivedOn ?? '', note: f.note ?? '' })),
    standards: p.standards.map((s) => ({ key: keys++, recipientKind: s.recipientKind, cash: money(s.cashFen), goods: money(s.goodsFen), goodsDesc: s.goodsDesc ?? '' })),
    rules: p.rules.map((r) => ({ key: keys++, kind: r.kind, amount: r.amountFen === null ? '' : money(r.amountFen), category: r.category ?? '', scope: r.scope, otherProgramId: r.otherProgramId, severity: r.severity })),
  };
}

function newDraft(year: number): Draft {
  return {
    id: null, code: '', name: '', year: String(year), kind: '', startsOn: '', endsOn: '', note: '', funds: [], standards: [],
    rules: [{ key: keys++, kind: 'once_per_person_program', amount: '', category: '', scope: 'program', otherProgramId: null, severity: 'error' }],
  };
}

/** A draft as compared for unsaved changes (the rows' keys are the page's own, not the clerk's). */
function signature(d: Draft): string {
  const strip = <T extends { key: number }>(rows: T[]) => rows.map(({ key: _key, ...rest }) => rest);
  return JSON.stringify({ ...d, funds: strip(d.funds), standards: strip(d.standards), rules: strip(d.rules) });
}

function fenOf(text: string, where: string, allowEmpty = true): number {
  if (text.trim() === '') {
    if (allowEmpty) return 0;
    throw new Error(i18next.t('programs.errAmountMissing', { where }));
  }
  const a = parseAmount(text);
  if (!a.ok) throw new Error(`${where}：${a.message}`);
  return a.fen;
}

/** Draft → the contract's form; amounts typed in 元 as clerks write them. */
function toForm(d: Draft): ProgramForm {
  const year = Number(d.year);
  if (!Number.isInteger(year)) throw new Error(i18next.t('programs.errYear', { value: d.year }));
  return {
    code: d.code, name: d.name, year, kind: d.kind, startsOn: d.startsOn || null, endsOn: d.endsOn || null, note: d.note || null,
    funds: d.funds.map((f, i) => ({ source: f.source, amountFen: fenOf(f.amount, i18next.t('programs.rowFunds', { n: i + 1 }), false), receivedOn: f.receivedOn || null, note: f.note || null })),
    standards: d.standards.map((s, i) => ({ recipientKind: s.recipientKind, cashFen: fenOf(s.cash, i18next.t('programs.rowStandards', { n: i + 1 })), goodsFen: fenOf(s.goods, i18next.t('programs.rowStandards', { n: i + 1 })), goodsDesc: s.goodsDesc || null })),
    rules: d.rules.map((r, i) => ({
      kind: r.kind, amountFen: CAPS.includes(r.kind) ? fenOf(r.amount, i18next.t('programs.rowRules', { n: i + 1 }), false) : null, category: r.category || null,
      scope: r.scope, otherProgramId: r.kind === 'exclusive_with_program' ? r.otherProgramId : null, severity: r.severity,
    })),
  };
}

function raisedOf(d: Draft): number | null {
  let sum = 0;
  for (const f of d.funds) {
    if (f.amount.trim() === '') continue;
    const a = parseAmount(f.amount);
    if (!a.ok) return null;
    sum += a.fen;
  }
  return sum;
}

export function ProgramsScreen() {
  const { t, i18n } = useTranslation();
  const { year, info, setHistory, notify, openPayments, generation, leaveThen, refreshInfo } = useApp();
  const codes = useCodes(['program_kind', 'fund_source', 'recipient_kind', 'relief_category'] as const);
  const [list, setList] = useState<ProgramSummary[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  /** The draft as opened or last saved: what the form holds beyond it is unsaved (helper 110: it was dropped unasked). */
  const [baseline, setBaseline] = useState<string | null>(null);
  const [record, setRecord] = useState<ProgramRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const workingYear = year ?? new Date().getFullYear();
  /**
   * The year whose programs the list shows (null: all years): the working year when the screen opens, then the
   * saved program's (helper 110: a 2017 program saved under 2026年项目 vanished from the list).
   */
  const [listYear, setListYear] = useState<number | null>(workingYear);
  const listYears = useMemo(() => [...new Set([...(info?.years ?? []), workingYear, ...(listYear === null ? [] : [listYear])])].sort((a, b) => b - a), [info, workingYear, listYear]);

  /** The latest list asked for is the one shown (answers may come back out of order). */
  const listAsked = useRef(0);
  const loadList = useCallback(() => {
    const asked = ++listAsked.current;
    call('programs.list', { year: listYear, totals: true })
      .then((l) => asked === listAsked.current && setList(l))
      .catch((e: Error) => notify('error', t('errors.loadFailed', { message: e.message })));
  }, [listYear, notify, t]);
  useEffect(loadList, [loadList, generation]);
  const [others, setOthers] = useState<ProgramSummary[]>([]);
  useEffect(() => {
    call('programs.list', { totals: false }).then(setOthers).catch(() => undefined);
  }, [generation, record]);

  /** Show `d` in the form as it stands in the ledger (nothing unsaved). */
  const show = useCallback((d: Draft | null) => {
    setDraft(d);
    setBaseline(d && signature(d));
  }, []);

  const open = useCallback(async (id: number) => {
    try {
      const p = await call('programs.get', { id });
      setRecord(p);
      show(draftOf(p));
      setError(null);
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }, [notify, show]);

  // Keep the paid figures live when payments change elsewhere.
  useEffect(() => {
    if (generation > 0 && record) void call('programs.get', { id: record.id }).then(setRecord).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  /** Save the form; false when it could not be (the reason shown in the form). */
  async function save(): Promise<boolean> {
    if (!draft) return true;
    setError(null);
    let form: ProgramForm;
    try {
      form = toForm(draft);
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
    setBusy(true);
    try {
      const res = await call('programs.save', { id: draft.id, form });
      setHistory(res.history);
      // The ledger's years come from its programs too: the payments grid's 年度 and 新增到项目 must see a new
      // year at once (helper 110: a 2017 program made on a fresh ledger was offered only after a reload).
      refreshInfo();
      setRecord(res.program);
      show(draftOf(res.program));
      // The list follows the program to its year, and says so.
      const moved = listYear !== null && res.program.year !== listYear;
      notify('info', moved ? t('programs.savedInYear', { name: res.program.name, year: res.program.year }) : t('programs.saved', { name: res.program.name }));
      if (moved) setListYear(res.program.year);
      else loadList();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const dirty = draft !== null && signature(draft) !== baseline;
  useLeaveGuard({ dirty: () => dirty, save, what: () => draft?.name.trim() || (draft?.id === null ? t('programs.create') : record?.name ?? '') });

  async function remove() {
    if (!record || !window.confirm(t('programs.confirmDelete', { name: record.name }))) return;
    try {
      const res = await call('programs.delete', { id: record.id });
      setHistory(res.history);
      refreshInfo();
      setRecord(null);
      show(null);
      loadList();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const raised = draft ? raisedOf(draft) : null;
  const paid = record && draft?.id === record.id ? record.paidCashFen + record.paidGoodsFen : 0;
  const set = (patch: Partial<Draft>) => draft && setDraft({ ...draft, ...patch });
  const setRow = <K extends 'funds' | 'standards' | 'rules'>(k: K, key: number, patch: Partial<Draft[K][number]>) =>
    draft && setDraft({ ...draft, [k]: (draft[k] as { key: number }[]).map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const removeRow = (k: 'funds' | 'standards' | 'rules', key: number) => draft && setDraft({ ...draft, [k]: (draft[k] as { key: number }[]).filter((r) => r.key !== key) });
  const options = (values: string[], current: string) => (current !== '' && !values.includes(current) ? [current, ...values] : values).map((v) => <option key={v} value={v}>{v}</option>);
  const otherPrograms = useMemo(() => others.filter((p) => p.id !== draft?.id), [others, draft?.id]);

  return (
    <section className="screen programs">
      <div className="with-sidebar">
        <aside className="sidebar wide-sidebar">
          <div className="toolbar">
            <h2 data-testid="program-list-title">{listYear === null ? t('programs.all') : t('programs.ofYear', { year: listYear })}</h2>
            <select value={listYear ?? ''} onChange={(e) => setListYear(e.target.value === '' ? null : Number(e.target.value))} aria-label={t('status.year')} data-testid="program-list-year">
              {listYears.map((y) => <option key={y} value={y}>{y}</option>)}
              <option value="">{t('status.allYears')}</option>
            </select>
          </div>
          <button type="button" className="primary block" onClick={() => leaveThen(() => { setRecord(null); show(newDraft(listYear ?? workingYear)); setError(null); })} data-testid="new-program">{t('programs.create')}</button>
          <table className="figures program-list" data-testid="program-list">
            <thead><tr><th>{t('programs.name')}</th><th>{t('programs.raised')}</th><th>{t('programs.paid')}</th><th>{t('programs.balance')}</th></tr></thead>
            <tbody>
              {list.map((p) => {
                const paidFen = p.paidCashFen + p.paidGoodsFen;
                return (
                  <tr key={p.id} className={draft?.id === p.id ? 'selected' : ''} onClick={() => draft?.id !== p.id && leaveThen(() => void open(p.id))}>
                    <td><span className="muted small">{p.code}</span><br />{p.name}</td>
                    <td className="num">{yuan(p.raisedFen)}</td><td className="num">{yuan(paidFen)}</td>
                    <td className={`num ${p.raisedFen - paidFen < 0 ? 'negative' : ''}`}>{yuan(p.raisedFen - paidFen)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </aside>
        <div className="main-col form-col">
          {!draft ? <p className="muted">{t('programs.pick')}</p> : (
            <form className="program-form" data-testid="program-form" onSubmit={(e) => { e.preventDefault(); void save(); }}
              onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); void save(); } }}>
              <div className="money-strip" data-testid="program-money">
                <div><span>{t('programs.raised')}</span><b data-testid="program-raised">{raised === null ? '—' : yuan(raised)}</b></div>
                <div><span>{t('programs.paid')}</span><b data-testid="program-paid">{yuan(paid)}</b>{record && <small>{t('programs.payments', { count: record.paymentCount })}</small>}</div>
                <div><span>{t('programs.balance')}</span><b data-testid="program-balance" className={raised !== null && raised - paid < 0 ? 'negative' : ''}>{raised === null ? '—' : yuan(raised - paid)}</b></div>
                {raised !== null && raised > 0 && <div className="meter"><span style={{ width: `${Math.min(100, Math.round((paid / raised) * 100))}%` }} /></div>}
              </div>
              <h3>{t('programs.basics')}</h3>
              <div className="form-grid">
                <label>{t('programs.code')}<input value={draft.code} onChange={(e) => set({ code: e.target.value })} data-testid="program-code" required /></label>
                <label>{t('programs.year')}<input value={draft.year} onChange={(e) => set({ year: e.target.value })} inputMode="numeric" data-testid="program-year" /></label>
                <label className="span2">{t('programs.name')}<input value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="program-name" required /></label>
                <label>{t('programs.kind')}<select value={draft.kind} onChange={(e) => set({ kind: e.target.value })} data-testid="program-kind"><option value="">—</option>{options(codes.program_kind, draft.kind)}</select></label>
                <label>{t('programs.period')}<span className="inline"><input type="date" value={draft.startsOn} onChange={(e) => set({ startsOn: e.target.value })} />—<input type="date" value={draft.endsOn} onChange={(e) => set({ endsOn: e.target.value })} /></span></label>
                <label className="span2">{t('programs.note')}<input value={draft.note} onChange={(e) => set({ note: e.target.value })} data-testid="program-note" /></label>
              </div>

              <h3>{t('programs.funds')}<button type="button" className="small-button" onClick={() => set({ funds: [...draft.funds, { key: keys++, source: codes.fund_source[0] ?? '', amount: '', receivedOn: '', note: '' }] })} data-testid="add-fund">{t('programs.addRow')}</button></h3>
              <table className="edit-table" data-testid="program-funds">
                <thead><tr><th>{t('programs.source')}</th><th>{t('programs.amount')}</th><th>{t('programs.receivedOn')}</th><th>{t('programs.note')}</th><th /></tr></thead>
                <tbody>
                  {draft.funds.map((f, i) => (
                    <tr key={f.key}>
                      <td><select value={f.source} onChange={(e) => setRow('funds', f.key, { source: e.target.value })}>{options(codes.fund_source, f.source)}</select></td>
                      <td><input value={f.amount} onChange={(e) => setRow('funds', f.key, { amount: e.target.value })} className="num" data-testid={`fund-${i}-amount`} /></td>
                      <td><input type="date" value={f.receivedOn} onChange={(e) => setRow('funds', f.key, { receivedOn: e.target.value })} /></td>
                      <td><input value={f.note} onChange={(e) => setRow('funds', f.key, { note: e.target.value })} /></td>
                      <td><button type="button" className="icon" aria-label={t('households.removeRow')} onClick={() => removeRow('funds', f.key)}>×</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>

              <h3>{t('programs.standards')}<button type="button" className="small-button" onClick={() => set({ standards: [...draft.standards, { key: keys++, recipientKind: '', cash: '', goods: '', goodsDesc: '' }] })} data-testid="add-standard">{t('programs.addRow')}</button></h3>
              <table className="edit-table" data-testid="program-standards">
                <thead><tr><th>{t('grid.recipientKind')}</th><th>{t('grid.cashFen')}</th><th>{t('grid.goodsFen')}</th><th>{t('grid.goodsDesc')}</th><th /></tr></thead>
                <tbody>
                  {draft.standards.map((s, i) => (
                    <tr key={s.key}>
                      <td><select value={s.recipientKind} onChange={(e) => setRow('standards', s.key, { recipientKind: e.target.value })} data-testid={`standard-${i}-kind`}><option value="">—</option>{options(codes.recipient_kind, s.recipientKind)}</select></td>
                      <td><input value={s.cash} onChange={(e) => setRow('standards', s.key, { cash: e.target.value })} className="num" data-testid={`standard-${i}-cash`} /></td>
                      <td><input value={s.goods} onChange={(e) => setRow('standards', s.key, { goods: e.target.value })} className="num" /></td>
                      <td><input value={s.goodsDesc} onChange={(e) => setRow('standards', s.key, { goodsDesc: e.target.value })} /></td>
                      <td><button type="button" className="icon" aria-label={t('households.removeRow')} onClick={() => removeRow('standards', s.key)}>×</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>

              <h3>
                {t('programs.rules')}
                <button type="button" className="small-button" onClick={() => set({ rules: [...draft.rules, { key: keys++, kind: 'max_cash_per_payment', amount: '', category: '', scope: 'program', otherProgramId: null, severity: 'error' }] })} data-testid="add-rule">{t('programs.addRow')}</button>
                <button type="button" className="small-button" data-testid="hospital-template" onClick={() => set({
                  rules: [...draft.rules.filter((r) => !hospitalisationRules().some((h) => h.kind === r.kind && (h.category ?? '') === r.category)),
                    ...hospitalisationRules().map((r) => ({ key: keys++, kind: r.kind, amount: money(r.amountFen ?? 0), category: r.category ?? '', scope: r.scope, otherProgramId: null, severity: r.severity }))],
                })}>{t('programs.hospitalTemplate')}</button>
              </h3>
              <table className="edit-table" data-testid="program-rules">
                <thead><tr><th>{t('programs.ruleKind')}</th><th>{t('programs.cap')}</th><th>{t('programs.category')}</th><th>{t('programs.scope')}</th><th>{t('programs.otherProgram')}</th><th>{t('programs.severity')}</th><th /></tr></thead>
                <tbody>
                  {draft.rules.map((r, i) => (
                    <tr key={r.key} data-testid={`rule-${i}`}>
                      <td>
                        <select value={r.kind} onChange={(e) => setRow('rules', r.key, { kind: e.target.value as RuleKind })} data-testid={`rule-${i}-kind`}>
                          {RULE_KINDS.map((k) => <option key={k} value={k}>{RULE_KIND_LABELS[k][lang]}</option>)}
                        </select>
                      </td>
                      <td>{CAPS.includes(r.kind) && <input value={r.amount} onChange={(e) => setRow('rules', r.key, { amount: e.target.value })} className="num" data-testid={`rule-${i}-amount`} />}</td>
                      <td>
                        <select value={r.category} onChange={(e) => setRow('rules', r.key, { category: e.target.value })} data-testid={`rule-${i}-category`}>
                          <option value="">{t('programs.anyCategory')}</option>{options(codes.relief_category, r.category)}
                        </select>
                      </td>
                      <td>
                        {SCOPED.includes(r.kind) && (
                          <select value={r.scope} onChange={(e) => setRow('rules', r.key, { scope: e.target.value as RuleScope })} data-testid={`rule-${i}-scope`}>
                            {RULE_SCOPES.map((s) => <option key={s} value={s}>{t(`programs.scopes.${s}`)}</option>)}
                          </select>
                        )}
                      </td>
                      <td>
                        {r.kind === 'exclusive_with_program' && (
                          <select value={r.otherProgramId ?? ''} onChange={(e) => setRow('rules', r.key, { otherProgramId: e.target.value === '' ? null : Number(e.target.value) })}>
                            <option value="">—</option>
                            {otherPrograms.map((p) => <option key={p.id} value={p.id}>{p.year} {p.name}</option>)}
                          </select>
                        )}
                      </td>
                      <td>
                        <select value={r.severity} onChange={(e) => setRow('rules', r.key, { severity: e.target.value as Severity })} data-testid={`rule-${i}-severity`}>
                          <option value="error">{t('programs.error')}</option><option value="warn">{t('programs.warn')}</option>
                        </select>
                      </td>
                      <td><button type="button" className="icon" aria-label={t('households.removeRow')} onClick={() => removeRow('rules', r.key)}>×</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">{t('programs.rulesHint')}</p>

              {error && <p className="form-error" role="alert" data-testid="program-error">{error}</p>}
              <div className="form-actions">
                {record && <button type="button" onClick={() => openPayments({ label: record.name, year: record.year, programId: record.id, filters: { programId: { type: 'number', op: 'eq', value: record.id } } })}>{t('programs.showPayments')}</button>}
                {record && <button type="button" onClick={() => void remove()} disabled={record.paymentCount > 0} title={record.paymentCount > 0 ? t('programs.cannotDelete') : ''}>{t('programs.delete')}</button>}
                <span className="toolbar-spacer" />
                {dirty && <span className="muted small" data-testid="program-unsaved">{t('app.unsaved')}</span>}
                <button type="button" onClick={() => show(record ? draftOf(record) : null)}>{t('programs.revert')}</button>
                <button type="submit" className="primary" disabled={busy} data-testid="program-save">{t('programs.save')}</button>
              </div>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}
