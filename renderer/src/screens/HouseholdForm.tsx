/**
 * The parts of the household forms (新建档案, 编辑档案, 添加成员): the file's
 * fields, the member rows (a new person, gender and birth date read from a valid
 * ID, or a registered person found by name or ID), and their conversion to the
 * contract's inputs (money typed in 元 as clerks write it, sent in fen).
 */
import { useEffect, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { parseAmount } from '../../../shared/domain/money.ts';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import type { PersonRecord } from '../../../shared/records.ts';
import type { HouseholdDetail, HouseholdFields, MemberInput } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { idForDisplay, yuan } from '../format.ts';

export interface FieldsDraft {
  fileNo: string;
  filedOn: string;
  hardshipLevel: string;
  primaryCause: string;
  otherCauses: [string, string, string];
  size: string;
  annualIncome: string;
  address: string;
  unitName: string;
  bankName: string;
  bankAccount: string;
  note: string;
}

export function emptyFields(today: string): FieldsDraft {
  return { fileNo: '', filedOn: today, hardshipLevel: '', primaryCause: '', otherCauses: ['', '', ''], size: '', annualIncome: '', address: '', unitName: '', bankName: '', bankAccount: '', note: '' };
}

/** The draft of an existing file (the bank account is left empty: unchanged unless retyped). */
export function fieldsOf(d: HouseholdDetail): FieldsDraft {
  const causes = [...d.otherCauses, '', '', ''];
  return {
    fileNo: d.fileNo ?? '', filedOn: d.filedOn ?? '', hardshipLevel: d.hardshipLevel ?? '', primaryCause: d.primaryCause ?? '',
    otherCauses: [causes[0]!, causes[1]!, causes[2]!], size: d.size === null ? '' : String(d.size),
    annualIncome: d.annualIncomeFen === null ? '' : yuan(d.annualIncomeFen).replace(/,/g, ''), address: d.address ?? '', unitName: d.unitName ?? '',
    bankName: d.bankName ?? '', bankAccount: '', note: d.note ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Draft → contract fields; throws an Error with a Chinese message for what cannot be read. */
export function toFields(d: FieldsDraft, options: { keepAccountWhenEmpty?: boolean } = {}): HouseholdFields {
  let size: number | null = null;
  if (d.size.trim() !== '') {
    size = Number(d.size.trim());
    if (!Number.isInteger(size)) throw new Error(i18next.t('households.errSize', { value: d.size }));
  }
  let income: number | null = null;
  if (d.annualIncome.trim() !== '') {
    const a = parseAmount(d.annualIncome);
    if (!a.ok) throw new Error(i18next.t('households.errIncome', { message: a.message }));
    income = a.fen;
  }
  const out: HouseholdFields = {
    fileNo: orNull(d.fileNo), filedOn: orNull(d.filedOn), hardshipLevel: orNull(d.hardshipLevel), primaryCause: orNull(d.primaryCause),
    otherCauses: d.otherCauses.map((c) => c.trim()).filter((c) => c !== ''), size, annualIncomeFen: income, address: orNull(d.address),
    unitName: orNull(d.unitName), bankName: orNull(d.bankName), note: orNull(d.note),
  };
  if (!(options.keepAccountWhenEmpty && d.bankAccount.trim() === '')) out.bankAccount = orNull(d.bankAccount);
  return out;
}

type Codes = { hardship_level: string[]; cause: string[]; relation: string[]; employment_status: string[] };

function Select({ value, values, onChange, testId, blank = true }: { value: string; values: string[]; onChange: (v: string) => void; testId?: string; blank?: boolean }) {
  const list = value !== '' && !values.includes(value) ? [value, ...values] : values;
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {blank && <option value="">—</option>}
      {list.map((v) => <option key={v} value={v}>{v}</option>)}
    </select>
  );
}

export function FieldsEditor({ value, onChange, codes, editing }: { value: FieldsDraft; onChange: (d: FieldsDraft) => void; codes: Codes; editing?: { accountMasked: string | null } }) {
  const { t } = useTranslation();
  const set = <K extends keyof FieldsDraft>(k: K, v: FieldsDraft[K]) => onChange({ ...value, [k]: v });
  return (
    <div className="form-grid">
      <label>{t('households.fileNo')}<input value={value.fileNo} onChange={(e) => set('fileNo', e.target.value)} data-testid="hh-file-no" /></label>
      <label>{t('households.filedOn')}<input type="date" value={value.filedOn} onChange={(e) => set('filedOn', e.target.value)} /></label>
      <label>{t('households.hardshipLevel')}<Select value={value.hardshipLevel} values={codes.hardship_level} onChange={(v) => set('hardshipLevel', v)} testId="hh-level" /></label>
      <label>{t('households.primaryCause')}<Select value={value.primaryCause} values={codes.cause} onChange={(v) => set('primaryCause', v)} testId="hh-cause" /></label>
      <label className="span2">
        {t('households.otherCauses')}
        <span className="inline">
          {value.otherCauses.map((c, i) => (
            <Select key={i} value={c} values={codes.cause} onChange={(v) => { const next = [...value.otherCauses] as FieldsDraft['otherCauses']; next[i] = v; set('otherCauses', next); }} />
          ))}
        </span>
      </label>
      <label>{t('households.size')}<input value={value.size} inputMode="numeric" onChange={(e) => set('size', e.target.value)} placeholder={t('households.sizeHint')} /></label>
      <label>{t('households.annualIncome')}<input value={value.annualIncome} onChange={(e) => set('annualIncome', e.target.value)} placeholder="0.00" /></label>
      <label className="span2">{t('households.address')}<input value={value.address} onChange={(e) => set('address', e.target.value)} /></label>
      <label className="span2">{t('households.unit')}<input value={value.unitName} onChange={(e) => set('unitName', e.target.value)} placeholder={t('households.unitHint')} /></label>
      <label>{t('households.bankName')}<input value={value.bankName} onChange={(e) => set('bankName', e.target.value)} /></label>
      <label>
        {t('households.bankAccount')}
        <input value={value.bankAccount} inputMode="numeric" onChange={(e) => set('bankAccount', e.target.value)} className="mono"
          placeholder={editing?.accountMasked ? t('households.accountKeep', { masked: editing.accountMasked }) : ''} />
      </label>
      <label className="span2">{t('households.note')}<input value={value.note} onChange={(e) => set('note', e.target.value)} /></label>
    </div>
  );
}

export interface MemberDraft {
  key: number;
  personId: number | null;
  name: string;
  idNumber: string;
  gender: '' | '男' | '女';
  relation: string;
  unitName: string;
  employmentStatus: string;
  phone: string;
}

let nextKey = 1;
export function newMember(relation = ''): MemberDraft {
  return { key: nextKey++, personId: null, name: '', idNumber: '', gender: '', relation, unitName: '', employmentStatus: '', phone: '' };
}

export function toMembers(rows: MemberDraft[]): MemberInput[] {
  return rows
    .filter((m) => m.personId !== null || m.name.trim() !== '' || m.idNumber.trim() !== '')
    .map((m, i) => {
      const relation = orNull(m.relation);
      if (m.personId !== null) return { personId: m.personId, relation };
      if (m.name.trim() === '') throw new Error(i18next.t('households.errMemberName', { n: i + 1 }));
      return {
        relation,
        person: {
          name: m.name.trim(), idNumber: orNull(m.idNumber), gender: m.gender === '' ? null : m.gender, unitName: orNull(m.unitName),
          employmentStatus: orNull(m.employmentStatus), phone: orNull(m.phone),
        },
      };
    });
}

/** Find a registered person by the start of a name or an ID number. */
/**
 * Find a registered person by name or ID and pick them. By keyboard too: ↓ / ↑ move through the people found, Enter picks
 * the one marked (the first if none), Esc clears. Enter never reaches the form around it: it submitted the whole
 * 建档 form, the household saved without the person looked up (helper 114), and 登记劳模 sent its form with no one.
 */
export function PersonPicker({ onPick, exclude }: { onPick: (p: PersonRecord) => void; exclude: number[] }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonRecord[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (q.trim() === '') {
      setFound([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('people.search', { query: q.trim(), limit: 8 }).then((r) => {
        if (!live) return;
        setFound(r);
        setActive(0);
      }).catch(() => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  const shown = found.filter((p) => !exclude.includes(p.id));
  const pick = (p: PersonRecord) => {
    onPick(p);
    setQ('');
    setFound([]);
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length > 0) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length);
    } else if (e.key === 'Enter') {
      // Never the form's submit: with no one found, nothing happens.
      e.preventDefault();
      e.stopPropagation();
      const p = shown[Math.min(active, shown.length - 1)];
      if (p) pick(p);
    } else if (e.key === 'Escape' && q !== '') {
      e.preventDefault();
      e.stopPropagation();
      setQ('');
    }
  };
  return (
    <div className="picker">
      <input value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={onKeyDown} placeholder={t('households.findPerson')} data-testid="person-picker"
        role="combobox" aria-expanded={shown.length > 0} aria-autocomplete="list" />
      {shown.length > 0 && (
        <ul role="listbox">
          {shown.map((p, i) => (
            <li key={p.id} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined}>
              <button type="button" tabIndex={-1} onClick={() => pick(p)}>
                <b>{p.name}</b> <span className="mono">{idForDisplay(p.idNumber, false)}</span> <span className="muted">{p.unitName ?? ''}{p.householdId ? ` · ${t('households.inHousehold')}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function MembersEditor({ rows, onChange, codes }: { rows: MemberDraft[]; onChange: (rows: MemberDraft[]) => void; codes: Codes }) {
  const { t } = useTranslation();
  const update = (key: number, patch: Partial<MemberDraft>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <div className="members-editor">
      <table className="edit-table">
        <thead>
          <tr>
            <th>{t('people.name')}</th><th>{t('people.idNumber')}</th><th>{t('people.gender')}</th><th>{t('people.relation')}</th>
            <th>{t('people.unitName')}</th><th>{t('people.employmentStatus')}</th><th>{t('people.phone')}</th><th />
          </tr>
        </thead>
        <tbody>
          {rows.map((m, i) => (
            <tr key={m.key} data-testid={`member-${i}`}>
              {m.personId !== null ? (
                <>
                  <td><b>{m.name}</b></td>
                  <td className="mono">{idForDisplay(m.idNumber, false)}</td>
                  <td>{m.gender}</td>
                  <td><Select value={m.relation} values={codes.relation} onChange={(v) => update(m.key, { relation: v })} testId={`member-${i}-relation`} /></td>
                  <td colSpan={3} className="muted">{t('households.registered')}</td>
                </>
              ) : (
                <>
                  <td><input value={m.name} onChange={(e) => update(m.key, { name: e.target.value })} data-testid={`member-${i}-name`} /></td>
                  <td>
                    <input className="mono" value={m.idNumber} data-testid={`member-${i}-id`}
                      onChange={(e) => {
                        const id = e.target.value;
                        const info = /^[\dXx]{15,18}$/.test(id.trim()) ? parseResidentId(id.trim()) : null;
                        update(m.key, { idNumber: id, ...(info?.gender ? { gender: info.gender } : {}) });
                      }} />
                  </td>
                  <td>
                    <select value={m.gender} onChange={(e) => update(m.key, { gender: e.target.value as MemberDraft['gender'] })}>
                      <option value="">—</option><option value="男">男</option><option value="女">女</option>
                    </select>
                  </td>
                  <td><Select value={m.relation} values={codes.relation} onChange={(v) => update(m.key, { relation: v })} testId={`member-${i}-relation`} /></td>
                  <td><input value={m.unitName} onChange={(e) => update(m.key, { unitName: e.target.value })} /></td>
                  <td><Select value={m.employmentStatus} values={codes.employment_status} onChange={(v) => update(m.key, { employmentStatus: v })} /></td>
                  <td><input value={m.phone} onChange={(e) => update(m.key, { phone: e.target.value })} className="narrow" /></td>
                </>
              )}
              <td><button type="button" className="icon" aria-label={t('households.removeRow')} onClick={() => onChange(rows.filter((r) => r.key !== m.key))}>×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row-actions">
        <button type="button" onClick={() => onChange([...rows, newMember()])} data-testid="add-member-row">{t('households.addMemberRow')}</button>
        <PersonPicker
          exclude={rows.map((r) => r.personId).filter((x): x is number => x !== null)}
          onPick={(p) => onChange([...rows.filter((r) => r.personId !== null || r.name.trim() !== '' || r.idNumber.trim() !== ''), {
            ...newMember(), personId: p.id, name: p.name, idNumber: p.idNumber ?? '', gender: p.gender ?? '', relation: p.relation ?? '',
          }])}
        />
      </div>
    </div>
  );
}
