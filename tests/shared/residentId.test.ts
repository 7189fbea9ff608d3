import { describe, expect, it } from 'vitest';
import { checkCharacter, maskResidentId, parseResidentId } from '../../shared/domain/residentId.ts';

describe('resident ID (GB 11643-1999)', () => {
  it('accepts valid 18-character numbers and reads birth date and gender', () => {
    const a = parseResidentId('530424198001019516');
    expect(a).toMatchObject({ valid: true, birthDate: '1980-01-01', gender: '男', normalized: '530424198001019516' });
    const b = parseResidentId('530424197512030026');
    expect(b).toMatchObject({ valid: true, birthDate: '1975-12-03', gender: '女' });
    expect(parseResidentId('530424201202290016').birthDate).toBe('2012-02-29');
  });

  it('computes the check character with the standard weights', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('53232219650815004')).toBe('0');
  });

  it('accepts a lower-case x, full-width digits and spaces, and stores upper case', () => {
    const r = parseResidentId(' １１０１０５１９４９１２３１００２x ');
    expect(r.valid).toBe(true);
    expect(r.normalized).toBe('11010519491231002X');
    expect(r.gender).toBe('女');
  });

  it('rejects a bad check digit and names the expected one', () => {
    const r = parseResidentId('530424198001019517');
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['id_checksum']);
    expect(r.problems[0]!.message).toContain('末位应为 6');
    expect(r.gender).toBe('男');
  });

  it('rejects wrong lengths and impossible birth dates', () => {
    expect(parseResidentId('53042419800101').problems[0]!.code).toBe('id_length');
    expect(parseResidentId('5304241980010195161').problems[0]!.code).toBe('id_length');
    const feb30 = parseResidentId('530424198002309516');
    expect(feb30.problems.map((p) => p.code)).toContain('id_birth_date');
    expect(parseResidentId('53042419800101951A').problems[0]!.code).toBe('id_format');
  });

  it('says why a birth date is wrong: not on the calendar, still to come, or before 1900', () => {
    const withCheck = (first17: string) => first17 + checkCharacter(first17);
    const message = (id: string) => parseResidentId(id, new Date('2026-11-27T00:00:00Z')).problems.find((p) => p.code === 'id_birth_date')?.message;
    expect(message(withCheck('53042419800230951'))).toBe(`身份证号“${withCheck('53042419800230951')}”中的出生日期 1980-02-30 不是有效日期`);
    expect(message(withCheck('53042420300101951'))).toBe(`身份证号“${withCheck('53042420300101951')}”中的出生日期 2030-01-01 晚于今天`);
    expect(message(withCheck('53042418990101951'))).toBe(`身份证号“${withCheck('53042418990101951')}”中的出生日期 1899-01-01 早于1900年`);
  });

  it('recognises 15-digit first-generation numbers and upgrades them', () => {
    const r = parseResidentId('530424800101951');
    expect(r.fromFifteen).toBe(true);
    expect(r.normalized).toHaveLength(18);
    expect(r.normalized.slice(0, 17)).toBe('53042419800101951');
    expect(r.normalized).toBe('530424198001019516');
    expect(r.birthDate).toBe('1980-01-01');
    expect(r.gender).toBe('男');
    expect(r.valid).toBe(true);
  });

  it('takes a 15-digit number with an impossible birth date for an 18-digit one typed short, quoted as written; takes out zero-width characters', () => {
    // Not a first-generation number (no 13th month): an 18-digit one typed short, kept as written.
    const old = parseResidentId('530424751332002');
    expect([old.problems.map((p) => p.code), old.normalized, old.gender]).toEqual([['id_length'], '530424751332002', null]);
    expect(old.problems[0]!.message).toBe('身份证号“530424751332002”为15位，但不是有效的旧式15位号码（其中的出生日期不存在），可能少录了几位，应为18位');
    const pasted = parseResidentId('530424\u200b198001019516\u200d\ufeff');
    expect([pasted.valid, pasted.normalized]).toEqual([true, '530424198001019516']);
  });

  it('flags IDs whose digits Excel already lost', () => {
    const r = parseResidentId('5.30424E+17');
    expect(r.valid).toBe(false);
    expect(r.problems[0]!.code).toBe('id_precision_lost');
  });

  it('masks all but the region and the last four', () => {
    expect(maskResidentId('530424198001019516')).toBe('530424********9516');
  });
});
