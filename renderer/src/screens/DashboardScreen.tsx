/**
 * 首页: the working year at a glance — paid by program against funds raised, by
 * month, by recipient kind, by township/unit; 人数, 人次, 户数; the most frequent
 * rule findings. Every chart (and every row of the figure tables under it) opens
 * the payments grid filtered to what was clicked.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWan } from '../../../shared/domain/money.ts';
import { PAYMENT_STATUSES } from '../../../shared/domain/codes.ts';
import type { DashboardData, DashboardSlice, PaymentsPreset } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { yuan } from '../format.ts';
import { useApp } from '../state.tsx';
import './registers.css';

const COLORS = ['#b3261e', '#3b7ddd', '#e0a100', '#2e8b57', '#8e44ad', '#e67e22', '#16a085', '#7f8c8d', '#c0392b', '#2c3e50'];

function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

export function DashboardScreen() {
  const { t } = useTranslation();
  const { year, setYear, info, openPayments, notify, generation } = useApp();
  const shownYear = year ?? new Date().getFullYear();
  const [data, setData] = useState<DashboardData | null>(null);

  useEffect(() => {
    let live = true;
    call('dashboard.get', { year: shownYear })
      // The slices without a program, a recipient kind or a unit come labelled in Chinese by the core: named in the UI's language.
      .then((d) => live && setData({
        ...d,
        byProgram: d.byProgram.map((s) => (s.programId === null ? { ...s, label: t('dashboard.noProgram') } : s)),
        byRecipientKind: d.byRecipientKind.map((s) => (s.key === '' ? { ...s, label: t('dashboard.noKind') } : s)),
        byUnit: d.byUnit.map((s) => (s.unitId === null ? { ...s, label: t('dashboard.noUnit') } : s)),
      }))
      .catch((e: Error) => notify('error', t('errors.loadFailed', { message: e.message })));
    return () => {
      live = false;
    };
  }, [shownYear, generation, notify, t]);

  const open = useCallback((label: string, filters: PaymentsPreset['filters'], programId?: number | null) => {
    openPayments({ label, year: shownYear, filters, ...(programId ? { programId } : {}) });
  }, [openPayments, shownYear]);

  const byProgram = useCallback((s: DashboardData['byProgram'][number]) => {
    open(s.label, s.programId === null ? { programId: { type: 'number', op: 'blank' } } : { programId: { type: 'number', op: 'eq', value: s.programId } }, s.programId);
  }, [open]);
  const byMonth = useCallback((m: number) => {
    const r = monthRange(shownYear, m);
    open(t('dashboard.monthLabel', { year: shownYear, month: m }), { paidOn: { type: 'date', op: 'between', value: r.from, valueTo: r.to } });
  }, [open, shownYear, t]);
  const byKind = useCallback((s: DashboardSlice) => {
    open(s.label, { recipientKind: s.key === '' ? { type: 'text', op: 'blank' } : { type: 'set', values: [s.key] } });
  }, [open]);
  const byUnit = useCallback((s: DashboardData['byUnit'][number]) => {
    open(s.label, { unitName: s.unitId === null ? { type: 'text', op: 'blank' } : { type: 'set', values: s.unitNames.slice(0, 1000) } });
  }, [open]);

  const programOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const rows = data.byProgram;
    return {
      color: ['#9bb7e0', '#b3261e'],
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${yuan(Math.round(Number(v) * 100))} ${t('dashboard.yuan')}` },
      legend: { data: [t('dashboard.raised'), t('dashboard.paid')], top: 0, right: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
      yAxis: { type: 'value', name: t('dashboard.wanUnit'), nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => formatWan(Math.round(v * 100)) } },
      series: [
        { name: t('dashboard.raised'), type: 'bar', data: rows.map((r) => r.raisedFen / 100) },
        { name: t('dashboard.paid'), type: 'bar', data: rows.map((r) => r.figures.totalFen / 100) },
      ],
    };
  }, [data, t]);

  const monthOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    return {
      color: ['#b3261e'],
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${yuan(Math.round(Number(v) * 100))} ${t('dashboard.yuan')}` },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.byMonth.map((m) => t('dashboard.month', { month: m.month })) },
      yAxis: { type: 'value', name: t('dashboard.wanUnit'), nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => formatWan(Math.round(v * 100)) } },
      series: [{ name: t('dashboard.paid'), type: 'bar', data: data.byMonth.map((m) => m.figures.totalFen / 100) }],
    };
  }, [data, t]);

  const kindOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    return {
      color: COLORS,
      tooltip: { trigger: 'item', valueFormatter: (v) => `${yuan(Math.round(Number(v) * 100))} ${t('dashboard.yuan')}` },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      series: [{
        name: t('dashboard.byKind'), type: 'pie', radius: ['35%', '70%'], center: ['38%', '50%'], label: { show: false },
        data: data.byRecipientKind.map((k) => ({ name: k.label, value: k.figures.totalFen / 100 })),
      }],
    };
  }, [data, t]);

  const unitRows = useMemo(() => (data ? data.byUnit.slice(0, 10) : []), [data]);
  const unitOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const rows = [...unitRows].reverse();
    return {
      color: ['#3b7ddd'],
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${yuan(Math.round(Number(v) * 100))} ${t('dashboard.yuan')}` },
      grid: { left: 8, right: 48, top: 8, bottom: 16, containLabel: true },
      xAxis: { type: 'value', name: t('dashboard.wanUnit'), nameLocation: 'end', axisLabel: { formatter: (v: number) => formatWan(Math.round(v * 100)) } },
      yAxis: { type: 'category', data: rows.map((u) => u.label), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ name: t('dashboard.paid'), type: 'bar', data: rows.map((u) => u.figures.totalFen / 100) }],
    };
  }, [data, unitRows, t]);

  const years = useMemo(() => {
    const set = new Set<number>(info?.years ?? []);
    set.add(new Date().getFullYear());
    set.add(shownYear);
    return [...set].sort((a, b) => b - a);
  }, [info, shownYear]);

  if (!data) return <section className="screen dashboard"><p className="muted">{t('app.loading')}</p></section>;
  const total = data.total;
  const pending = data.byStatus['登记'] ?? 0;
  const approved = data.byStatus['已审核'] ?? 0;
  const table = (rows: DashboardSlice[], onRow: (i: number) => void, testId: string) => (
    <table className="figures" data-testid={testId}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.key || `none-${i}`} onClick={() => onRow(i)} title={t('dashboard.clickThrough')}>
            <td>{r.label}</td>
            <td className="num">{r.figures.personTimes}</td>
            <td className="num">{yuan(r.figures.totalFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section className="screen dashboard" data-testid="dashboard">
      <div className="toolbar">
        <h1 className="screen-title">{t('dashboard.title', { year: shownYear })}</h1>
        <label>
          {t('status.year')}
          <select data-testid="dashboard-year" value={shownYear} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
      </div>
      <div className="kpis">
        <div className="kpi" data-testid="kpi-total"><span>{t('dashboard.totalPaid')}</span><b>{yuan(total.totalFen)}</b><small>{t('dashboard.wan', { wan: formatWan(total.totalFen) })}</small></div>
        <div className="kpi" data-testid="kpi-people"><span>{t('dashboard.people')}</span><b>{total.people}</b></div>
        <div className="kpi" data-testid="kpi-times"><span>{t('dashboard.personTimes')}</span><b>{total.personTimes}</b></div>
        <div className="kpi" data-testid="kpi-households"><span>{t('dashboard.households')}</span><b>{total.households}</b></div>
        <div className="kpi" data-testid="kpi-raised"><span>{t('dashboard.raised')}</span><b>{yuan(data.raisedFen)}</b><small>{t('dashboard.balance', { amount: yuan(data.balanceFen) })}</small></div>
        <button type="button" className="kpi kpi-link" data-testid="kpi-pending" onClick={() => open(t('dashboard.pendingLabel'), { status: { type: 'set', values: ['登记'] } })}>
          <span>{t('dashboard.pending')}</span><b>{pending}</b><small>{t('dashboard.approvedNotPaid', { count: approved })}</small>
        </button>
      </div>
      {total.records === 0 && <p className="empty-note" data-testid="dashboard-empty">{t('dashboard.empty', { year: shownYear })}</p>}
      <div className="charts" hidden={total.records === 0 && data.byProgram.length === 0}>
        <div className="panel">
          <h2>{t('dashboard.byProgram')}</h2>
          {programOption && <Chart option={programOption} testId="chart-program" label={t('dashboard.byProgram')} onClick={(e) => data.byProgram[e.dataIndex] && byProgram(data.byProgram[e.dataIndex]!)} />}
          <table className="figures" data-testid="table-program">
            <thead><tr><th>{t('dashboard.program')}</th><th>{t('dashboard.raised')}</th><th>{t('dashboard.paid')}</th><th>{t('dashboard.personTimes')}</th></tr></thead>
            <tbody>
              {data.byProgram.map((s) => (
                <tr key={s.key} onClick={() => byProgram(s)} title={t('dashboard.clickThrough')}>
                  <td>{s.label}</td><td className="num">{yuan(s.raisedFen)}</td><td className="num">{yuan(s.figures.totalFen)}</td><td className="num">{s.figures.personTimes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>{t('dashboard.byMonth')}</h2>
          {monthOption && <Chart option={monthOption} testId="chart-month" label={t('dashboard.byMonth')} onClick={(e) => byMonth(e.dataIndex + 1)} />}
        </div>
        <div className="panel">
          <h2>{t('dashboard.byKind')}</h2>
          {kindOption && <Chart option={kindOption} testId="chart-kind" label={t('dashboard.byKind')} onClick={(e) => data.byRecipientKind[e.dataIndex] && byKind(data.byRecipientKind[e.dataIndex]!)} />}
          {table(data.byRecipientKind, (i) => byKind(data.byRecipientKind[i]!), 'table-kind')}
        </div>
        <div className="panel">
          <h2>{t('dashboard.byUnit')}</h2>
          {unitOption && <Chart option={unitOption} testId="chart-unit" label={t('dashboard.byUnit')} onClick={(e) => { const u = [...unitRows].reverse()[e.dataIndex]; if (u) byUnit(u); }} />}
          {table(unitRows, (i) => byUnit(unitRows[i]!), 'table-unit')}
        </div>
      </div>
      <div className="panel warnings">
        <h2>{t('dashboard.warnings')}</h2>
        {data.warnings.length === 0 ? <p className="muted">{t('dashboard.noWarnings')}</p> : (
          <table className="figures" data-testid="table-warnings">
            <tbody>
              {data.warnings.map((w) => (
                <tr key={`${w.code}-${w.severity}`} title={w.example}
                  onClick={() => open(w.label, { issueLevel: { type: 'set', values: [w.severity] }, ...(w.programId ? { programId: { type: 'number', op: 'eq', value: w.programId } } : {}) }, w.programId)}>
                  <td className={w.severity === 'error' ? 'issue-error' : 'issue-warn'}>{w.severity === 'error' ? '●' : '▲'}</td>
                  <td>{w.label}</td>
                  <td className="num">{t('dashboard.rows', { count: w.count })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">{t('dashboard.statusLine', { counts: PAYMENT_STATUSES.map((s) => `${s} ${data.byStatus[s] ?? 0}`).join('　') })}</p>
      </div>
    </section>
  );
}
