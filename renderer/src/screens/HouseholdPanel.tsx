/**
 * One household file (一户一档), opened from the people register: its state and
 * hardship, members, bank account (masked until asked for), the history of its
 * file status, and every payment its members received, by year, with the year's
 * totals held against each rule. Moves 在档 → 脱困 / 注销 (and back) with a date
 * and a reason; 复核 records that the file was checked.
 */
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileStatus } from '../../../shared/domain/codes.ts';
import { localDateTime, todayIso } from '../../../shared/domain/dates.ts';
import { RULE_KIND_LABELS } from '../../../shared/domain/rules.ts';
import type { HouseholdDetail, RuleStanding } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { useCodes } from '../components/useCodes.ts';
import { idForDisplay, yuan } from '../format.ts';
import { useApp } from '../state.tsx';
import { Modal } from '../components/Modal.tsx';
import { FieldsEditor, fieldsOf, MembersEditor, newMember, toFields, toMembers, type FieldsDraft, type MemberDraft } from './HouseholdForm.tsx';

const MOVES: Record<FileStatus, FileStatus[]> = { 在档: ['脱困', '注销'], 脱困: ['在档', '注销'], 注销: ['在档'] };

type Dialog = { kind: 'edit'; draft: FieldsDraft } | { kind: 'status'; status: FileStatus; on: string; reason: string } | { kind: 'review'; on: string; note: string } | { kind: 'members'; rows: MemberDraft[] };

function ruleText(r: RuleStanding, t: TFunction, lang: 'zh' | 'en'): string {
  const what = RULE_KIND_LABELS[r.kind][lang] + (r.category ? `（${r.category}）` : '');
  const figure = r.unit === 'fen' ? `${yuan(r.used)} / ${yuan(r.limit)}` : t('households.times', { used: r.used, limit: r.limit });
  const other = r.otherProgramName ? ` “${r.otherProgramName}”` : '';
  return `${r.programName} · ${what}${other}${r.personName ? ` · ${r.personName}` : ''}：${figure}`;
}

export function HouseholdPanel({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { setHistory, notify, generation } = useApp();
  const codes = useCodes(['hardship_level', 'cause', 'relation', 'employment_status'] as const);
  const [detail, setDetail] = useState<HouseholdDetail | null>(null);
  const [account, setAccount] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showIds, setShowIds] = useState(false);

  const load = useCallback(() => {
    call('households.get', { id }).then(setDetail).catch((e: Error) => notify('error', t('errors.loadFailed', { message: e.message })));
  }, [id, notify, t]);
  useEffect(() => {
    load();
    setAccount(null);
  }, [load, generation]);

  const done = (res: { detail: HouseholdDetail; history: Parameters<typeof setHistory>[0] }) => {
    setDetail(res.detail);
    setHistory(res.history);
    setDialog(null);
    setError(null);
    setAccount(null);
    onChanged();
  };

  async function submit() {
    if (!dialog || !detail) return;
    setError(null);
    try {
      if (dialog.kind === 'edit') done(await call('households.update', { id, fields: toFields(dialog.draft, { keepAccountWhenEmpty: true }) }));
      else if (dialog.kind === 'status') done(await call('households.setStatus', { id, status: dialog.status, changedOn: dialog.on, reason: dialog.reason }));
      else if (dialog.kind === 'review') done(await call('households.review', { id, reviewedOn: dialog.on, note: dialog.note || null }));
      else done(await call('households.addMembers', { id, members: toMembers(dialog.rows) }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function removeMember(personId: number, name: string) {
    if (!window.confirm(t('households.confirmRemove', { name }))) return;
    try {
      done(await call('households.removeMember', { id, personId }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  async function reveal() {
    if (account !== null) {
      setAccount(null);
      return;
    }
    try {
      setAccount((await call('households.revealAccount', { id })).account);
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  if (!detail) {
    return <aside className="drawer" data-testid="household-panel"><p className="muted">{t('app.loading')}</p></aside>;
  }
  const d = detail;
  const causes = [d.primaryCause, ...d.otherCauses].filter(Boolean).join('、');
  return (
    <aside className="drawer" data-testid="household-panel" aria-label={t('households.title')}>
      <header className="drawer-head">
        <h2>
          {t('households.title')} {d.fileNo ?? t('households.noNumber')}{' '}
          <span className={`badge status-${d.fileStatus}`} data-testid="household-status">{d.fileStatus}</span>
        </h2>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => setDialog({ kind: 'edit', draft: fieldsOf(d) })}>{t('households.edit')}</button>
        <button type="button" data-testid="change-status" onClick={() => setDialog({ kind: 'status', status: MOVES[d.fileStatus][0]!, on: todayIso(), reason: '' })}>{t('households.changeStatus')}</button>
        <button type="button" onClick={() => setDialog({ kind: 'review', on: todayIso(), note: '' })}>{t('households.review')}</button>
        <button type="button" className="icon" aria-label={t('app.close')} onClick={onClose} data-testid="close-household">×</button>
      </header>
      <div className="drawer-body">
        <dl className="facts">
          <dt>{t('households.hardshipLevel')}</dt><dd>{d.hardshipLevel ?? '—'}</dd>
          <dt>{t('households.causes')}</dt><dd data-testid="household-causes">{causes || '—'}</dd>
          <dt>{t('households.size')}</dt><dd>{d.size ?? '—'}</dd>
          <dt>{t('households.annualIncome')}</dt><dd>{d.annualIncomeFen === null ? '—' : `${yuan(d.annualIncomeFen)} ${t('dashboard.yuan')}`}</dd>
          <dt>{t('households.address')}</dt><dd>{d.address ?? '—'}</dd>
          <dt>{t('households.unit')}</dt><dd>{d.unitName ?? '—'}</dd>
          <dt>{t('households.filedOn')}</dt><dd>{d.filedOn ?? '—'}</dd>
          <dt>{t('households.updatedOn')}</dt><dd>{d.fileUpdatedOn}</dd>
          <dt>{t('households.bankName')}</dt><dd>{d.bankName ?? '—'}</dd>
          <dt>{t('households.bankAccount')}</dt>
          <dd>
            <span className="mono" data-testid="bank-account">{account ?? d.bankAccountMasked ?? '—'}</span>{' '}
            {d.bankAccountMasked && <button type="button" className="link" onClick={() => void reveal()} data-testid="reveal-account">{account === null ? t('households.showAccount') : t('households.hideAccount')}</button>}
          </dd>
          {d.note && <><dt>{t('households.note')}</dt><dd>{d.note}</dd></>}
        </dl>

        <h3>
          {t('households.members')}
          <button type="button" className="small-button" onClick={() => setDialog({ kind: 'members', rows: [newMember()] })}>{t('households.addMember')}</button>
          <label className="check small"><input type="checkbox" checked={showIds} onChange={(e) => setShowIds(e.target.checked)} />{t('grid.showFullIds')}</label>
        </h3>
        <table className="figures" data-testid="household-members">
          <thead><tr><th>{t('people.name')}</th><th>{t('people.relation')}</th><th>{t('people.gender')}</th><th>{t('people.idNumber')}</th><th>{t('people.birthDate')}</th><th>{t('people.unitName')}</th><th>{t('people.employmentStatus')}</th><th /></tr></thead>
          <tbody>
            {d.members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td><td>{m.relation ?? ''}</td><td>{m.gender ?? ''}</td><td className="mono">{idForDisplay(m.idNumber, showIds)}</td>
                <td>{m.birthDate ?? ''}</td><td>{m.unitName ?? ''}</td><td>{m.employmentStatus ?? ''}</td>
                <td><button type="button" className="link" onClick={() => void removeMember(m.id, m.name)}>{t('households.removeMember')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3>{t('households.history')}</h3>
        <table className="figures" data-testid="household-history">
          <thead><tr><th>{t('households.changedOn')}</th><th>{t('households.status')}</th><th>{t('households.reason')}</th><th>{t('households.recordedBy')}</th></tr></thead>
          <tbody>
            {d.history.map((h) => (
              <tr key={h.id}><td>{h.changedOn}</td><td><span className={`badge status-${h.status}`}>{h.status}</span></td><td>{h.reason ?? ''}</td><td className="muted">{h.recordedBy ?? ''} {localDateTime(h.recordedAt).slice(0, 10)}</td></tr>
            ))}
          </tbody>
        </table>

        <h3>{t('households.payments')}</h3>
        {d.years.length === 0 && <p className="muted">{t('households.noPayments')}</p>}
        {d.years.map((y) => (
          <section key={y.year} className="year-block" data-testid={`household-year-${y.year}`}>
            <h4>
              {t('households.yearTitle', { year: y.year })}
              <span className="muted">{t('households.yearTotals', { times: y.personTimes, total: yuan(y.totalFen), cash: yuan(y.cashFen), goods: yuan(y.goodsFen) })}</span>
            </h4>
            <table className="figures">
              <thead><tr><th>{t('grid.paidOn')}</th><th>{t('people.name')}</th><th>{t('grid.programName')}</th><th>{t('grid.recipientKind')}</th><th>{t('grid.cashFen')}</th><th>{t('grid.goodsFen')}</th><th>{t('grid.status')}</th><th>{t('grid.issues')}</th></tr></thead>
              <tbody>
                {y.payments.map((p) => (
                  <tr key={p.id} className={p.reversesId !== null ? 'reversal' : ''}>
                    <td>{p.paidOn}</td><td>{p.personName ?? ''}</td><td>{p.programName ?? ''}</td><td>{p.recipientKind ?? ''}</td>
                    <td className="num">{yuan(p.cashFen)}</td><td className="num">{yuan(p.goodsFen)}</td><td>{p.status}</td>
                    <td title={p.issues.map((i) => i.message).join('\n')} className={p.issues.some((i) => i.severity === 'error') ? 'issue-error' : p.issues.length ? 'issue-warn' : ''}>
                      {p.issues.length ? `${p.issues.some((i) => i.severity === 'error') ? '●' : '▲'} ${p.issues.length}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {y.rules.length > 0 && (
              <ul className="rules" data-testid={`household-rules-${y.year}`}>
                {y.rules.map((r, i) => (
                  <li key={i} className={r.ok ? 'rule-ok' : r.severity === 'error' ? 'rule-error' : 'rule-warn'}>
                    {r.ok ? '✓' : r.severity === 'error' ? '●' : '▲'} {ruleText(r, t, i18n.language.startsWith('zh') ? 'zh' : 'en')}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>

      {dialog && (
        <Modal initialFocus="first" className={dialog.kind === 'status' || dialog.kind === 'review' ? 'modal' : 'modal wide'} testId={`household-${dialog.kind}-dialog`}
          label={dialog.kind === 'edit' ? t('households.edit') : dialog.kind === 'status' ? t('households.changeStatus') : dialog.kind === 'review' ? t('households.review') : t('households.addMember')}
          onSubmit={() => void submit()} onCancel={() => { setDialog(null); setError(null); }}>
          {dialog.kind === 'edit' && (
            <>
              <h2>{t('households.edit')}</h2>
              <FieldsEditor value={dialog.draft} onChange={(draft) => setDialog({ ...dialog, draft })} codes={codes} editing={{ accountMasked: d.bankAccountMasked }} />
            </>
          )}
          {dialog.kind === 'status' && (
            <>
              <h2>{t('households.changeStatus')}</h2>
              <p className="muted">{t('households.statusNow', { status: d.fileStatus })}</p>
              <label>{t('households.newStatus')}
                <select value={dialog.status} onChange={(e) => setDialog({ ...dialog, status: e.target.value as FileStatus })} data-testid="status-select">
                  {MOVES[d.fileStatus].map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </label>
              <label>{t('households.changedOn')}<input type="date" value={dialog.on} onChange={(e) => setDialog({ ...dialog, on: e.target.value })} data-testid="status-date" /></label>
              <label>{t('households.reason')}<input value={dialog.reason} onChange={(e) => setDialog({ ...dialog, reason: e.target.value })} data-testid="status-reason" required /></label>
            </>
          )}
          {dialog.kind === 'review' && (
            <>
              <h2>{t('households.review')}</h2>
              <p className="muted">{t('households.reviewHint')}</p>
              <label>{t('households.reviewedOn')}<input type="date" value={dialog.on} onChange={(e) => setDialog({ ...dialog, on: e.target.value })} /></label>
              <label>{t('households.note')}<input value={dialog.note} onChange={(e) => setDialog({ ...dialog, note: e.target.value })} /></label>
            </>
          )}
          {dialog.kind === 'members' && (
            <>
              <h2>{t('households.addMember')}</h2>
              <MembersEditor rows={dialog.rows} onChange={(rows) => setDialog({ ...dialog, rows })} codes={codes} />
            </>
          )}
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="modal-actions">
            <button type="button" onClick={() => { setDialog(null); setError(null); }}>{t('app.cancel')}</button>
            <button type="submit" className="primary" data-testid="dialog-submit">{t('app.ok')}</button>
          </div>
        </Modal>
      )}
    </aside>
  );
}
