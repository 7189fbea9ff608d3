/**
 * 导出与报表: the forms filed with the prefecture/city and the province, each one
 * click, and 导入下级上报 (a prefecture consolidating its counties' filing packages).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollupSummary, SavedExport } from '../../../shared/contract.ts';
import { todayIso } from '../../../shared/domain/dates.ts';
import type { ProgramSummary } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { yuan } from '../format.ts';
import { BackupsCard } from '../components/BackupsCard.tsx';
import { YearCloseCard } from '../components/YearCloseCard.tsx';
import { useApp } from '../state.tsx';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ExportScreen() {
  const { t } = useTranslation();
  const { info, year: workingYear, notify, openPrint } = useApp();
  const years = useMemo(() => {
    const set = new Set<number>(info?.years ?? []);
    set.add(new Date().getFullYear());
    return [...set].sort((a, b) => b - a);
  }, [info]);
  const [year, setYear] = useState<number>(workingYear ?? years[0] ?? new Date().getFullYear());
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [programId, setProgramId] = useState<number | null>(null);
  const [maskIds, setMaskIds] = useState(false);
  const [filedOn, setFiledOn] = useState(todayIso());
  const [busy, setBusy] = useState<string | null>(null);
  const [last, setLast] = useState<SavedExport | null>(null);
  const [rollup, setRollup] = useState<RollupSummary | null>(null);
  const [rollupFiles, setRollupFiles] = useState<FileList | null>(null);

  useEffect(() => {
    call('programs.list', { year, totals: false })
      .then((list) => {
        setPrograms(list);
        setProgramId((id) => (id !== null && list.some((p) => p.id === id) ? id : (list[0]?.id ?? null)));
      })
      .catch((e: Error) => notify('error', e.message));
  }, [year, notify]);

  async function run(key: string, work: () => Promise<SavedExport>) {
    setBusy(key);
    try {
      const r = await work();
      if (r.path) {
        setLast(r);
        notify('info', t('export.savedTo', { path: r.path }));
        // What the clerk should know of the form (the annual form: payments of 0 it did not count), kept up until closed.
        for (const w of r.warnings ?? []) notify('error', t('export.warning', { text: w }));
        // Written all the same (the clerk may have to file today), but said: a bad ID or an over-cap payment goes upward with the form.
        const { errorRows, warnRows } = r.findings;
        if (errorRows > 0) notify('error', t(warnRows > 0 ? 'export.withErrorsAndWarnings' : 'export.withErrors', { count: errorRows, warnings: warnRows }));
        else if (warnRows > 0) notify('info', t('export.withWarnings', { count: warnRows }));
      }
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function importRollup() {
    if (!rollupFiles || rollupFiles.length === 0) return;
    setBusy('rollup');
    try {
      const files = await Promise.all([...rollupFiles].map(async (f) => ({ name: f.name, data: await toBase64(f) })));
      const r = await call('rollup.import', { files });
      setRollup(r);
      notify('info', t('export.rollupDone', { count: r.imported.length, rows: r.rows }));
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const yearSelect = (
    <label>
      {t('status.year')}
      <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="export-year">
        {years.map((y) => <option key={y} value={y}>{y}</option>)}
      </select>
    </label>
  );

  return (
    <section className="screen export-screen">
      <h1>{t('nav.export')}</h1>
      <div className="form-row">
        {yearSelect}
        <label>
          {t('export.filedOn')}
          <input type="date" value={filedOn} onChange={(e) => setFiledOn(e.target.value)} data-testid="export-filed-on" />
        </label>
        <label className="check">
          <input type="checkbox" checked={maskIds} onChange={(e) => setMaskIds(e.target.checked)} data-testid="export-mask-ids" />
          {t('export.maskIds')}
        </label>
      </div>
      <div className="cards">
        <div className="card">
          <h2>{t('export.roster')}</h2>
          <p className="muted">{t('export.rosterHint')}</p>
          <label>
            {t('grid.programName')}
            <select value={programId ?? ''} onChange={(e) => setProgramId(e.target.value ? Number(e.target.value) : null)} data-testid="export-program">
              {programs.map((p) => <option key={p.id} value={p.id}>{p.code} {p.name}</option>)}
            </select>
          </label>
          <div className="card-actions">
            <button type="button" className="primary" disabled={programId === null || busy !== null} data-testid="export-roster"
              onClick={() => void run('roster', () => call('export.roster', { programId: programId!, maskIds, filedOn }))}>
              {t('export.toExcel')}
            </button>
            <button type="button" disabled={programId === null} data-testid="print-roster"
              onClick={() => openPrint({ programId: programId!, maskIds, filedOn })}>
              {t('export.printPreview')}
            </button>
          </div>
        </div>
        <div className="card">
          <h2>{t('export.annual')}</h2>
          <p className="muted">{t('export.annualHint')}</p>
          <div className="card-actions">
            <button type="button" className="primary" disabled={busy !== null} data-testid="export-annual"
              onClick={() => void run('annual', () => call('export.annual', { year, filedOn }))}>{t('export.toExcel')}</button>
          </div>
        </div>
        <div className="card">
          <h2>{t('export.modelWorkers')}</h2>
          <p className="muted">{t('export.modelWorkersHint')}</p>
          <div className="card-actions">
            <button type="button" className="primary" disabled={busy !== null} data-testid="export-model-workers"
              onClick={() => void run('modelWorkers', () => call('export.modelWorkers', { year, filedOn, maskIds }))}>{t('export.toExcel')}</button>
          </div>
        </div>
        <div className="card">
          <h2>{t('export.filing')}</h2>
          <p className="muted">{t('export.filingHint')}</p>
          <div className="card-actions">
            <button type="button" className="primary" disabled={busy !== null} data-testid="export-filing"
              onClick={() => void run('filing', () => call('export.filing', { year }))}>{t('export.toPackage')}</button>
          </div>
        </div>
        <YearCloseCard year={year} />
        <BackupsCard />
        <div className="card wide">
          <h2>{t('export.rollup')}</h2>
          <p className="muted">{t('export.rollupHint')}</p>
          <div className="card-actions">
            <input type="file" accept=".xlsx" multiple onChange={(e) => setRollupFiles(e.target.files)} data-testid="rollup-files" />
            <button type="button" className="primary" disabled={!rollupFiles?.length || busy !== null} onClick={() => void importRollup()} data-testid="rollup-import">
              {t('export.rollupImport')}
            </button>
          </div>
          {rollup && (
            <table className="plain" data-testid="rollup-result">
              <thead><tr><th>{t('export.county')}</th><th>{t('export.regionCode')}</th><th>{t('status.year')}</th><th>{t('export.rows')}</th><th>{t('export.total')}</th><th>{t('export.replaced')}</th></tr></thead>
              <tbody>
                {rollup.imported.map((r) => (
                  <tr key={`${r.regionCode}-${r.year}`}><td>{r.officeName}</td><td>{r.regionCode}</td><td>{r.year}</td><td className="num">{r.rows}</td><td className="num">{yuan(r.totalFen)}</td><td>{r.replaced ? t('export.yes') : ''}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {busy && <p className="muted" role="status">{t('export.working')}</p>}
      {last && (
        <div className="export-last" data-testid="export-last">
          <p>{t('export.lastResult', { file: last.path, rows: last.rows, total: yuan(last.totalFen) })}</p>
          {last.warnings?.map((w) => <p key={w} className="export-warning" data-testid="export-warning">{t('export.warning', { text: w })}</p>)}
        </div>
      )}
    </section>
  );
}
