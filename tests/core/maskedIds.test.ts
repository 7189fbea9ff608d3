/**
 * An ID number shown with hidden digits (530424********9516: the grid and printed rosters mask IDs
 * by default) never becomes a stored ID, whoever the caller: the people service refuses it, and a
 * payment edit takes it as the one person of that name whose ID fits what is shown, or not at all.
 */
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson, updatePerson } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import path from 'node:path';
import { tempDir } from '../helpers/ledger.ts';
import { refused } from '../helpers/errors.ts';

function seeded() {
  const ledger = Ledger.open(path.join(tempDir(), 'l.db'), { actor: '测试' });
  const ids = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => ({
    programId: createProgram(tx, { code: 'P', name: '医疗救助', year: 2017, kind: '医疗救助' }),
    li: createPerson(tx, { name: '李强', idNumber: '530424198001019516' }),
    wang: createPerson(tx, { name: '王芳', idNumber: '530424197512030026' }),
  }));
  return { ledger, ...ids };
}


const people = (ledger: Ledger) => ledger.db.prepare('SELECT name, id_number FROM people ORDER BY id').all();

describe('masked ID numbers', () => {
  it('the people service refuses an ID with hidden digits (create and update)', () => {
    const { ledger, li } = seeded();
    const run = (fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn);
    expect(refused(() => run((tx) => createPerson(tx, { name: '张三', idNumber: '530424********0011' }))).message).toContain('中间位已隐藏');
    expect(refused(() => run((tx) => createPerson(tx, { name: '张三', idNumber: '５３０４２４＊＊＊＊＊＊＊＊００１１' }))).message).toContain('中间位已隐藏');
    expect(refused(() => run((tx) => updatePerson(tx, li, { idNumber: '530424********9516' }))).message).toContain('中间位已隐藏');
    expect(people(ledger)).toEqual([{ name: '李强', id_number: '530424198001019516' }, { name: '王芳', id_number: '530424197512030026' }]);
    ledger.close();
  });

  it('a payment edit with a masked ID takes the one person of that name whose ID fits; otherwise refuses (typed) or leaves the ID out (paste)', () => {
    const { ledger, programId, li } = seeded();
    const apply = (cells: Record<string, string>, badCells: 'refuse' | 'skip' = 'refuse') =>
      ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [{ cells: { paidOn: '2017-03-01', cashFen: '100', ...cells } }], { programId }, 'x', { badCells }));
    const personOf = (id: number) => (ledger.db.prepare('SELECT person_id FROM payments WHERE id = ?').get(id) as { person_id: number }).person_id;

    expect(personOf(apply({ personName: '李强', idNumber: '530424********9516' }).created[0]!)).toBe(li);
    // No 李强 whose ID ends 9517; no name at all: refused, nothing written.
    expect(refused(() => apply({ personName: '李强', idNumber: '530424********9517' })).message).toContain('没有号码相符的“李强”');
    expect(refused(() => apply({ idNumber: '530424********9516' })).message).toContain('请同时填写姓名');
    // A paste keeps the row, the ID not taken and listed.
    const pasted = apply({ personName: '赵六', idNumber: '530424********0011' }, 'skip');
    expect(pasted.created).toHaveLength(1);
    expect(pasted.skipped).toEqual([{ row: 0, field: 'idNumber', message: expect.stringContaining('中间位已隐藏') }]);
    const stored = ledger.db.prepare("SELECT count(*) AS n FROM people WHERE id_number LIKE '%*%'").get() as { n: number };
    expect(stored.n).toBe(0);
    expect(people(ledger)).toEqual([
      { name: '李强', id_number: '530424198001019516' }, { name: '王芳', id_number: '530424197512030026' }, { name: '赵六', id_number: null },
    ]);
    ledger.close();
  });
});
