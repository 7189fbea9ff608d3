/**
 * The people register's queries against hand-made files and independent SQL:
 * 在档, not updated for a year, filed but never helped, helped this year, left
 * the file, by township (units under it), by ID number, column filters and sort.
 */
import { describe, expect, it } from 'vitest';
import { countPeople, queryPeople, yearBefore } from '../../electron/core/queries/people.ts';
import { createHousehold, editPeople, reviewHousehold, setHouseholdStatus } from '../../electron/core/services/households.ts';
import { applyPaymentEdits, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';
import path from 'node:path';

describe('the people register queries', () => {
  it('finds the files the national system users look for', () => {
    let now = new Date('2016-02-01T02:00:00Z');
    const ledger = Ledger.open(path.join(tempDir(), 'l.db'), { actor: '测试', now: () => now });
    const run = <T>(fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn) as T;
    const id = (i: number, male = i % 2 === 0) => makeIdNumber('530424', `19${60 + i}-0${(i % 9) + 1}-1${i % 9}`, 20 + i, male);
    // Township 盘溪镇 with a factory union under it; another township.
    const units = run<{ panxi: number; factory: number; ningzhou: number }>((tx) => {
      const panxi = ensureUnit(tx, '盘溪镇工会联合会');
      return { panxi, factory: ensureUnit(tx, '盘溪镇水泥厂工会', panxi), ningzhou: ensureUnit(tx, '宁州街道工会联合会') };
    });
    const fileOf = (no: string, names: string[], unit: number, first: number) => run<number>((tx) =>
      createHousehold(tx, { fileNo: no, hardshipLevel: '一般困难', primaryCause: '因病' }, names.map((n, i) => ({ person: { name: n, idNumber: id(first + i) } }))).valueOf(),
    );
    // Five files made in Feb 2016.
    const a = fileOf('A', ['甲一', '甲二'], units.panxi, 0);
    const b = fileOf('B', ['乙一'], units.panxi, 2);
    const c = fileOf('C', ['丙一'], units.panxi, 3);
    const d = fileOf('D', ['丁一', '丁二'], units.panxi, 4);
    const e = fileOf('E', ['戊一'], units.panxi, 6);
    const loose = run<number>((tx) => createPerson(tx, { name: '散户', idNumber: id(7), unitId: units.ningzhou }));
    const person = (name: string) => ledger.db.prepare('SELECT id FROM people WHERE name = ?').pluck().get(name) as number;
    run((tx) => {
      editPeople(tx, [{ id: person('甲一'), cells: { unitName: '盘溪镇水泥厂工会' } }]);
      tx.update('people', person('乙一'), { unit_id: units.factory });
      tx.update('people', person('丙一'), { unit_id: units.panxi });
      tx.update('people', person('丁一'), { unit_id: units.ningzhou });
    });
    // March 2017: the year is 2017.
    now = new Date('2017-03-10T02:00:00Z');
    const payments = run<number[]>((tx) => {
      const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const old = createProgram(tx, { code: '2016-SWN', name: '2016年春节送温暖', year: 2016, kind: '送温暖' });
      return applyPaymentEdits(tx, [
        { personId: person('甲二'), cells: { paidOn: '2017-01-20', cashFen: '500' } }, // A helped this year (a member)
        { personId: person('乙一'), cells: { paidOn: '2016-06-01', cashFen: '300', programName: '2016-SWN' } }, // B helped last year, after filing
        { personId: loose, cells: { paidOn: '2017-01-20', cashFen: '500' } }, // no file, helped this year
        { personId: person('丁一'), cells: { paidOn: '2017-01-22', cashFen: '500' } }, // D helped, then reversed
      ], { programId: swn }, '测试').created.concat([old]);
    });
    run((tx) => {
      setPaymentStatus(tx, [payments[3]!], '已审核', '审核');
      setPaymentStatus(tx, [payments[3]!], '已发放', null);
      reversePayment(tx, payments[3]!, '发错了', '测试');
    });
    // C left the file; E was reviewed this year (so it is up to date); B's member was edited this year.
    run((tx) => setHouseholdStatus(tx, c, '脱困', '2017-03-01', '再就业'));
    run((tx) => reviewHousehold(tx, e, '2017-03-05', null));
    run((tx) => editPeople(tx, [{ id: person('乙一'), cells: { phone: '13900000000' } }]));
    void a; void d; void b;

    const names = (q: Parameters<typeof queryPeople>[1]) => queryPeople(ledger, { year: 2017, asOf: '2017-03-10', limit: 100, ...q }).rows.map((r) => r.name).sort();
    expect(names({ view: 'all' })).toEqual(['丁一', '丁二', '丙一', '乙一', '戊一', '散户', '甲一', '甲二'].sort());
    expect(names({ view: 'inFile' })).toEqual(['丁一', '丁二', '乙一', '戊一', '甲一', '甲二'].sort());
    expect(names({ view: 'leftFile' })).toEqual(['丙一']);
    // Not updated since before 2016-03-10: A and D (B edited, E reviewed, C not in file).
    expect(names({ view: 'stale' })).toEqual(['丁一', '丁二', '甲一', '甲二'].sort());
    expect(names({ view: 'stale', asOf: '2017-01-15' })).toEqual([]);
    // Filed, never helped since filing: D (its only payment was reversed) and E.
    expect(names({ view: 'neverHelped' })).toEqual(['丁一', '丁二', '戊一'].sort());
    // Helped this year: 甲二 and the person without a file (丁一's reversed payment does not count).
    expect(names({ view: 'helpedThisYear' })).toEqual(['散户', '甲二'].sort());
    expect(names({ view: 'helpedThisYear', year: 2016 })).toEqual(['乙一']);
    // By township: 盘溪镇 and the factory under it.
    expect(names({ unitId: units.panxi })).toEqual(['丙一', '乙一', '甲一'].sort());
    expect(names({ unitId: units.factory })).toEqual(['乙一', '甲一'].sort());
    // By ID number (a part of it), by file number, by name.
    expect(names({ search: id(4).slice(-8) })).toEqual(['丁一']);
    expect(names({ search: id(4).slice(-8).toLowerCase() })).toEqual(['丁一']);
    expect(names({ search: '甲' })).toEqual(['甲一', '甲二']);
    // Column filters and sort.
    expect(names({ filters: { fileStatus: { type: 'set', values: ['脱困', null] } } })).toEqual(['丙一', '散户'].sort());
    expect(names({ filters: { unitName: { type: 'text', op: 'contains', value: '宁州' } } })).toEqual(['丁一', '散户'].sort());
    const sorted = queryPeople(ledger, { sort: [{ field: 'fileNo', dir: 'desc' }, { field: 'name', dir: 'asc' }], limit: 3 });
    expect(sorted.total).toBe(8);
    expect(sorted.rows.map((r) => r.fileNo)).toEqual(['E', 'D', 'D']);

    // Every view's count agrees with an independent SQL count.
    const sql = (where: string, ...params: unknown[]) => ledger.db.prepare(`SELECT count(*) FROM people pe LEFT JOIN households h ON h.id = pe.household_id WHERE ${where}`).pluck().get(...params);
    expect(countPeople(ledger, { view: 'inFile' })).toBe(sql("h.file_status = '在档'"));
    expect(countPeople(ledger, { view: 'helpedThisYear', year: 2017 })).toBe(sql(`pe.id IN (SELECT person_id FROM payments p WHERE paid_on LIKE '2017-%'
      AND reverses_id IS NULL AND id NOT IN (SELECT reverses_id FROM payments WHERE reverses_id IS NOT NULL))`));

    // Rows carry the household, the year's help and the findings on the person's data.
    const row = queryPeople(ledger, { search: '甲二', year: 2017 }).rows[0]!;
    expect(row).toMatchObject({ fileNo: 'A', fileStatus: '在档', hardshipLevel: '一般困难', primaryCause: '因病', yearPayments: 1, yearPaidFen: 50_000, lastPaidOn: '2017-01-20', relation: null });
    expect(row.issues.map((i) => i.code)).toEqual(['missing_relation']);
    const ding = queryPeople(ledger, { search: '丁一', year: 2017 }).rows[0]!;
    // The reversed payment does not count as help; its money nets out in the year of the reversal entry (dated the day it is made).
    expect(ding).toMatchObject({ yearPayments: 0, yearPaidFen: 50_000, relation: '户主' });
    expect(queryPeople(ledger, { search: '丁一', year: new Date().getFullYear() }).rows[0]).toMatchObject({ yearPayments: 0, yearPaidFen: -50_000 });
    ledger.close();
  });

  it('yearBefore handles 29 February', () => {
    expect(yearBefore('2016-02-29')).toBe('2015-02-28');
    expect(yearBefore('2017-03-10')).toBe('2016-03-10');
  });
});

describe('the 姓名 lookup (people.search) by the last four characters of an ID', () => {
  it('lists the people whose ID ends so after those whose ID starts so, none of them exact', async () => {
    const { searchPeople } = await import('../../electron/core/services/people.ts');
    const ledger = Ledger.open(path.join(tempDir(), 'l.db'), { actor: 'x' });
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
      createPerson(tx, { name: '王芳', idNumber: '530424197512030026' });
      createPerson(tx, { name: '赵敏', idNumber: makeIdNumber('953000', '1980-01-01', 1, false) });
      createPerson(tx, { name: '孙丽', idNumber: '44030419900307123X' });
    });
    const found = (q: string) => searchPeople(ledger, q).map((p) => [p.name, p.exact]);
    expect(found('9516')).toEqual([['李强', false]]);
    expect(found('123x')).toEqual([['孙丽', false]]);
    // Four digits that start an ID come first (赵敏's starts with 9530…; nobody's ends with 9530).
    expect(found('9530')).toEqual([['赵敏', false]]);
    // Longer text is the start of an ID, as before.
    expect(found('5304241980')).toEqual([['李强', false]]);
    expect(found('530424198001019516')).toEqual([['李强', true]]);
    ledger.close();
  });
});
