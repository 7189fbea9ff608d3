/**
 * 设置: the office (name, region code, clerk, approver, leader used on forms),
 * the 大写 script, the UI language; and 代码表: add values, retire a value in use
 * (old rows keep it, new entries no longer offer it), delete an unused one.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_LIST_LABELS, CODE_LIST_NAMES, FIXED_CODE_LISTS, type CodeListName } from '../../../shared/domain/codes.ts';
import { toCapitalAmount } from '../../../shared/domain/money.ts';
import type { CodeValue, Settings } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import { setLanguage } from '../i18n/language.ts';
import { useApp, useLeaveGuard } from '../state.tsx';
import './registers.css';

const FIELDS = ['officeName', 'regionCode', 'clerkName', 'approverName', 'leaderName'] as const;

export function SettingsScreen() {
  const { t } = useTranslation();
  const { leaveThen } = useApp();
  const [tab, setTab] = useState<'office' | 'codes'>('office');
  // The office form is left (unmounted) for the code lists: its unsaved changes are asked about first.
  const choose = (next: 'office' | 'codes') => next !== tab && leaveThen(() => setTab(next));
  return (
    <section className="screen settings">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'office'} className={tab === 'office' ? 'tab active' : 'tab'} onClick={() => choose('office')} data-testid="tab-office">{t('settings.office')}</button>
        <button type="button" role="tab" aria-selected={tab === 'codes'} className={tab === 'codes' ? 'tab active' : 'tab'} onClick={() => choose('codes')} data-testid="tab-codes">{t('codes.title')}</button>
      </div>
      {tab === 'office' ? <OfficeSettings /> : <CodeLists />}
    </section>
  );
}

function OfficeSettings() {
  const { t, i18n } = useTranslation();
  const { setHistory, notify, refreshInfo } = useApp();
  const [values, setValues] = useState<Settings | null>(null);
  /** The settings as read or last saved: the form's changes beyond them are unsaved (helper 110). */
  const [stored, setStored] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = (s: Settings) => {
    setValues(s);
    setStored(s);
  };
  useEffect(() => {
    call('settings.get', {}).then(show).catch((e: Error) => setError(e.message));
  }, []);

  /** Save the form; false when it could not be (the reason shown in the form). */
  async function save(): Promise<boolean> {
    if (!values) return true;
    setError(null);
    try {
      show(await call('settings.set', { values }));
      setHistory(await call('history.state', {}));
      refreshInfo();
      notify('info', t('settings.saved'));
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  }
  const dirty = values !== null && JSON.stringify(values) !== JSON.stringify(stored);
  useLeaveGuard({ dirty: () => dirty, save, what: () => t('settings.office') });
  if (!values) return <p className="muted">{error ?? t('app.loading')}</p>;

  return (
    <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void save(); }} data-testid="settings-form">
      <div className="form-grid">
        {FIELDS.map((f) => (
          <label key={f} className={f === 'officeName' ? 'span2' : ''}>
            {t(`settings.${f}`)}
            <input value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} data-testid={`setting-${f}`} />
          </label>
        ))}
        <label>
          {t('settings.capitalScript')}
          <select value={values.capitalScript} onChange={(e) => setValues({ ...values, capitalScript: e.target.value })} data-testid="setting-capitalScript">
            <option value="simplified">{t('settings.simplified')}</option>
            <option value="traditional">{t('settings.traditional')}</option>
          </select>
        </label>
        <p className="muted small">{t('settings.capitalExample', { text: toCapitalAmount(1_555_000, values.capitalScript === 'traditional' ? 'traditional' : 'simplified') })}</p>
      </div>
      <p className="muted small">{t('settings.usedOnForms')}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="form-actions">
        {dirty && <span className="muted small" data-testid="settings-unsaved">{t('app.unsaved')}</span>}
        <button type="submit" className="primary" data-testid="settings-save">{t('settings.save')}</button>
      </div>

      <h3>{t('settings.language')}</h3>
      <div className="inline">
        {LANGUAGES.map((l) => (
          <label key={l} className="check">
            <input type="radio" name="language" checked={i18n.language === l} onChange={() => void setLanguage(l as Language)} data-testid={`language-${l}`} />
            {l === 'zh-CN' ? '简体中文' : 'English'}
          </label>
        ))}
      </div>
    </form>
  );
}

function CodeLists() {
  const { t, i18n } = useTranslation();
  const { setHistory, notify } = useApp();
  const [list, setList] = useState<CodeListName>('recipient_kind');
  const [values, setValues] = useState<CodeValue[]>([]);
  const [adding, setAdding] = useState('');
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const fixed = FIXED_CODE_LISTS.includes(list);

  const load = useCallback(() => {
    call('codes.listUsage', { list }).then(setValues).catch((e: Error) => notify('error', e.message));
  }, [list, notify]);
  useEffect(load, [load]);

  async function act(work: () => Promise<{ history: Parameters<typeof setHistory>[0] }>) {
    try {
      const res = await work();
      setHistory(res.history);
      load();
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  return (
    <div className="with-sidebar codes">
      <aside className="sidebar">
        {CODE_LIST_NAMES.map((l) => (
          <button key={l} type="button" className={l === list ? 'side-item active' : 'side-item'} onClick={() => setList(l)} data-list={l}>{CODE_LIST_LABELS[l][lang]}</button>
        ))}
      </aside>
      <div className="main-col">
        <h2>{CODE_LIST_LABELS[list][lang]}</h2>
        {fixed && <p className="muted">{t('codes.fixed')}</p>}
        <table className="figures code-table" data-testid="code-table">
          <thead><tr><th>{t('codes.value')}</th><th>{t('codes.usage')}</th><th>{t('codes.state')}</th><th /></tr></thead>
          <tbody>
            {values.map((v) => (
              <tr key={v.id} className={v.retired ? 'retired' : ''} data-value={v.value}>
                <td>{v.value}</td>
                <td className="num">{v.usage}</td>
                <td>{v.retired ? t('codes.retired') : t('codes.active')}</td>
                <td className="actions">
                  {!fixed && (
                    <>
                      <button type="button" onClick={() => void act(() => call('codes.retire', { id: v.id, retired: !v.retired }))} data-testid={`retire-${v.value}`}>
                        {v.retired ? t('codes.restore') : t('codes.retire')}
                      </button>
                      <button type="button" disabled={v.usage > 0} title={v.usage > 0 ? t('codes.inUse', { count: v.usage }) : ''}
                        onClick={() => window.confirm(t('codes.confirmDelete', { value: v.value })) && void act(() => call('codes.delete', { id: v.id }))} data-testid={`delete-${v.value}`}>
                        {t('codes.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!fixed && (
          <form className="inline-form" onSubmit={(e) => {
            e.preventDefault();
            if (adding.trim() === '') return;
            void act(() => call('codes.add', { list, value: adding.trim() })).then(() => setAdding(''));
          }}>
            <input value={adding} onChange={(e) => setAdding(e.target.value)} placeholder={t('codes.newValue')} data-testid="code-new" />
            <button type="submit" data-testid="code-add">{t('codes.add')}</button>
          </form>
        )}
        <p className="muted small">{t('codes.hint')}</p>
      </div>
    </div>
  );
}
