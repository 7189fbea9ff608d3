/**
 * 生成劳模补助发放名单: pick a 劳模补助 program and who the round is for (两金:
 * 省部级 困难劳模; 三金: 全国 困难劳模; or any levels), see the eligible list at the
 * program's standard amounts and who is left out and why, then generate the rows
 * in one step and review them in the payments grid.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../../../shared/domain/dates.ts';
import type { ProgramSummary } from '../../../shared/records.ts';
import type { RoundCriteria, RoundPreview } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { useCodes } from '../components/useCodes.ts';
import { idForDisplay, yuan } from '../format.ts';
import { useApp } from '../state.tsx';
import { Modal } from '../components/Modal.tsx';

const ROUND_KINDS = ['劳模补助', '劳模慰问'];

type Preset = 'liangjin' | 'sanjin' | 'all' | 'custom';
const PRESETS: Record<Exclude<Preset, 'custom'>, { levels: string[] | 'all'; subsidyKind: '两金' | '三金' | null; hardshipOnly: boolean }> = {
  liangjin: { levels: ['省部级'], subsidyKind: null, hardshipOnly: true },
  sanjin: { levels: ['全国'], subsidyKind: null, hardshipOnly: true },
  all: { levels: 'all', subsidyKind: null, hardshipOnly: false },
};

/** A date for the round: today when it falls in the program's year, else the year's last day. */
function dateFor(year: number): string {
  const today = todayIso();
  return today.startsWith(String(year)) ? today : `${year}-12-31`;
}

export function RoundDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { setHistory, notify, openPayments } = useApp();
  const codes = useCodes(['honour_level'] as const);
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [programId, setProgramId] = useState<number | null>(null);
  const [preset, setPreset] = useState<Preset>('liangjin');
  const [levels, setLevels] = useState<string[]>(['省部级']);
  const [subsidyKind, setSubsidyKind] = useState<'' | '两金' | '三金'>('');
  const [hardshipOnly, setHardshipOnly] = useState(true);
  const [paidOn, setPaidOn] = useState(todayIso());
  const [preview, setPreview] = useState<RoundPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('programs.list', { totals: false })
      .then((all) => {
        const list = all.filter((p) => ROUND_KINDS.includes(p.kind));
        setPrograms(list);
        if (list[0]) {
          setProgramId(list[0].id);
          setPaidOn(dateFor(list[0].year));
          if (/三金/.test(list[0].name)) choosePreset('sanjin');
        }
      })
      .catch((e: Error) => setError(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function choosePreset(p: Preset) {
    setPreset(p);
    if (p === 'custom') return;
    const def = PRESETS[p];
    setLevels(def.levels === 'all' ? codes.honour_level : def.levels);
    setSubsidyKind(def.subsidyKind ?? '');
    setHardshipOnly(def.hardshipOnly);
  }

  const criteria = useMemo<RoundCriteria | null>(() => (programId === null || levels.length === 0 ? null : {
    programId, levels, subsidyKind: subsidyKind === '' ? null : subsidyKind, hardshipOnly, paidOn,
  }), [programId, levels, subsidyKind, hardshipOnly, paidOn]);

  useEffect(() => {
    if (!criteria || !/^\d{4}-\d{2}-\d{2}$/.test(criteria.paidOn)) {
      setPreview(null);
      return;
    }
    let live = true;
    call('modelWorkers.previewRound', { criteria })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setError(null);
      })
      .catch((e: Error) => live && (setPreview(null), setError(e.message)));
    return () => {
      live = false;
    };
  }, [criteria]);

  async function generate() {
    if (!criteria || !preview) return;
    setBusy(true);
    try {
      const res = await call('modelWorkers.generateRound', { criteria });
      setHistory(res.history);
      notify('info', t('round.generated', { count: res.created.length, amount: yuan(res.cashFen + res.goodsFen) }));
      onClose();
      openPayments({
        label: preview.program.name, year: Number(criteria.paidOn.slice(0, 4)), programId: preview.program.id,
        filters: { programId: { type: 'number', op: 'eq', value: preview.program.id } },
      });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  const program = programs.find((p) => p.id === programId);
  return (
    <Modal initialFocus="first" className="modal wide" testId="round-dialog" label={t('round.title')} onSubmit={() => void generate()} onCancel={onClose}>
      <h2>{t('round.title')}</h2>
      {programs.length === 0 ? <p className="form-error">{t('round.noProgram')}</p> : (
        <div className="form-grid">
          <label className="span2">{t('round.program')}
            <select value={programId ?? ''} data-testid="round-program" onChange={(e) => {
              const p = programs.find((x) => x.id === Number(e.target.value));
              setProgramId(p?.id ?? null);
              if (p) setPaidOn(dateFor(p.year));
            }}>
              {programs.map((p) => <option key={p.id} value={p.id}>{p.code} {p.name}</option>)}
            </select>
          </label>
          <label className="span2">{t('round.preset')}
            <span className="inline">
              {(['liangjin', 'sanjin', 'all', 'custom'] as const).map((p) => (
                <label key={p} className="check"><input type="radio" name="preset" checked={preset === p} onChange={() => choosePreset(p)} data-testid={`preset-${p}`} />{t(`round.presets.${p}`)}</label>
              ))}
            </span>
          </label>
          <label className="span2">{t('round.levels')}
            <span className="inline">
              {codes.honour_level.map((l) => (
                <label key={l} className="check">
                  <input type="checkbox" checked={levels.includes(l)} onChange={(e) => { setPreset('custom'); setLevels(e.target.checked ? [...levels, l] : levels.filter((x) => x !== l)); }} />{l}
                </label>
              ))}
            </span>
          </label>
          <label>{t('round.subsidyKind')}
            <select value={subsidyKind} onChange={(e) => { setPreset('custom'); setSubsidyKind(e.target.value as typeof subsidyKind); }}>
              <option value="">{t('round.anyKind')}</option><option>两金</option><option>三金</option>
            </select>
          </label>
          <label className="check"><input type="checkbox" checked={hardshipOnly} onChange={(e) => { setPreset('custom'); setHardshipOnly(e.target.checked); }} />{t('round.hardshipOnly')}</label>
          <label>{t('round.paidOn')}<input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} data-testid="round-date" /></label>
        </div>
      )}
      {preview && (
        <>
          <p data-testid="round-summary">
            {t('round.summary', { eligible: preview.eligible, total: preview.candidates.length, amount: yuan(preview.cashFen + preview.goodsFen) })}
            {program && program.year !== Number(paidOn.slice(0, 4)) && <span className="issue-warn">　{t('round.otherYear', { year: program.year })}</span>}
          </p>
          <div className="scroll-table">
            <table className="figures" data-testid="round-candidates">
              <thead><tr><th /><th>{t('people.name')}</th><th>{t('people.idNumber')}</th><th>{t('people.unitName')}</th><th>{t('modelWorkers.honourLevel')}</th><th>{t('modelWorkers.title')}</th><th>{t('grid.recipientKind')}</th><th>{t('grid.cashFen')}</th><th>{t('grid.goodsFen')}</th><th>{t('round.reason')}</th></tr></thead>
              <tbody>
                {preview.candidates.map((c) => (
                  <tr key={c.personId} className={c.eligible ? '' : 'excluded'}>
                    <td>{c.eligible ? '✓' : '—'}</td><td>{c.name}</td><td className="mono">{idForDisplay(c.idNumber, false)}</td><td>{c.unitName ?? ''}</td>
                    <td>{c.honourLevel}</td><td>{c.title}</td><td>{c.recipientKind}</td>
                    <td className="num">{c.eligible ? yuan(c.cashFen) : ''}</td><td className="num">{c.eligible ? yuan(c.goodsFen) : ''}</td><td className="muted">{c.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {error && <p className="form-error" role="alert" data-testid="round-error">{error}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>{t('app.cancel')}</button>
        <button type="submit" className="primary" disabled={busy || !preview || preview.eligible === 0} data-testid="round-generate">
          {t('round.generate', { count: preview?.eligible ?? 0 })}
        </button>
      </div>
    </Modal>
  );
}
