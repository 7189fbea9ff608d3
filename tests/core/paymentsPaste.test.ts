/**
 * A paste (badCells 'skip') saves every row it can and never guesses: a name several registered
 * people share is not taken (no new namesake is made), and a typed one is refused with the same words.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits, reversePayment, setPaymentStatus, type PaymentRowEdit } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { refused } from '../helpers/errors.ts';

function seeded() {
  const ledger = Ledger.open(path.join(tempDir(), 'l.db'), { actor: '测试' });
  const ids = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => ({
    programId: createProgram(tx, { code: 'P', name: '医疗救助', year: 2017, kind: '医疗救助' }),
    a: createPerson(tx, { name: '张伟', idNumber: '530424198203040011' }),
    b: createPerson(tx, { name: '张伟', idNumber: '530424199105060011' }),
    li: createPerson(tx, { name: '李强', idNumber: '530424198001019516' }),
  }));
  return { ledger, ...ids };
}

const MSG = '台账中有 2 个叫张伟的人，请填写身份证号或从列表中选择';

describe('a name several people share', () => {
  it('pasted: not taken — the row saved without a person, the cell listed; no third 张伟', () => {
    const { ledger, programId, a } = seeded();
    const apply = (edits: PaymentRowEdit[]) => ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    const res = apply([
      { cells: { personName: '张伟', cashFen: '100', note: '只有姓名' } },
      { cells: { personName: '张伟', idNumber: '530424********0011', cashFen: '300', note: '掩码两人都符合' } },
      { cells: { personName: '张伟', idNumber: '530424198203040011', cashFen: '400', note: '完整号码' } },
      { cells: { personName: '李强', cashFen: '500', note: '唯一' } },
    ]);
    expect(res.created).toHaveLength(4);
    expect(res.skipped).toContainEqual({ row: 0, field: 'personName', message: MSG });
    expect(res.skipped).toContainEqual({ row: 1, field: 'personName', message: MSG });
    const rows = ledger.db.prepare('SELECT p.person_id, p.cash_fen, p.note FROM payments p ORDER BY p.id').all() as { person_id: number | null; note: string }[];
    expect(rows.map((r) => r.person_id)).toEqual([null, null, a, expect.any(Number)]);
    expect((ledger.db.prepare("SELECT count(*) AS n FROM people WHERE name = '张伟'").get() as { n: number }).n).toBe(2);
    ledger.close();
  });

  it('pasted over a row of one 张伟: the row keeps its person', () => {
    const { ledger, programId, a, li } = seeded();
    const run = (edits: PaymentRowEdit[], badCells: 'skip' | 'refuse') => ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x', { badCells }));
    const [paid] = run([{ personId: a, cells: { cashFen: '100' } }], 'refuse').created;
    const [other] = run([{ personId: li, cells: { cashFen: '100' } }], 'refuse').created;
    // The same 张伟 pasted back (his own row): kept. Over 李强's row: not taken, 李强 stays.
    const res = run([{ id: paid!, cells: { personName: '张伟', idNumber: null, cashFen: '200' } }, { id: other!, cells: { personName: '张伟', idNumber: null, cashFen: '300' } }], 'skip');
    expect(res.skipped).toEqual([{ row: 1, field: 'personName', message: MSG }]);
    const persons = ledger.db.prepare('SELECT person_id, cash_fen FROM payments ORDER BY id').all();
    expect(persons).toEqual([{ person_id: a, cash_fen: 20_000 }, { person_id: li, cash_fen: 30_000 }]);
    expect(ledger.db.prepare('SELECT id_number FROM people WHERE id = ?').get(li)).toEqual({ id_number: '530424198001019516' });
    ledger.close();
  });

  it('typed: refused with the same words, nothing written', () => {
    const { ledger, programId } = seeded();
    const err = refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '张伟' } }], { programId, paidOn: '2017-03-01' }, 'x')));
    expect(err.message).toBe(MSG);
    expect((ledger.db.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n).toBe(0);
    expect((ledger.db.prepare("SELECT count(*) AS n FROM people WHERE name = '张伟'").get() as { n: number }).n).toBe(2);
    ledger.close();
  });
});

describe('a pasted date that cannot be read, on a new row', () => {
  it('is kept in the 备注 with a remark and stays a finding on 发放日期 until a date is entered', () => {
    const { ledger, programId, li } = seeded();
    const run = (edits: PaymentRowEdit[], badCells: 'skip' | 'refuse') => ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-06-30' }, 'x', { badCells }));
    const res = run([{ personId: li, cells: { paidOn: '2017/13/1', cashFen: '100', note: '乙' } }, { personId: li, cells: { paidOn: '2017-07-02', cashFen: '100' } }], 'skip');
    const [bad, good] = res.created as [number, number];
    const row = (id: number) => ledger.db.prepare('SELECT paid_on, note FROM payments WHERE id = ?').get(id) as { paid_on: string; note: string | null };
    const findings = (id: number) => (ledger.db.prepare("SELECT code, field FROM payment_issues WHERE payment_id = ? AND code = 'paid_on_unread'").all(id));
    expect(row(bad)).toEqual({ paid_on: '2017-06-30', note: '【粘贴的发放日期“2017/13/1”无法识别，暂记为 2017-06-30，请核对】乙' });
    expect(findings(bad)).toEqual([{ code: 'paid_on_unread', field: 'paidOn' }]);
    expect(row(good).note).toBeNull();
    expect(findings(good)).toEqual([]);
    // The clerk enters the date: the remark and its finding go, the clerk's own 备注 stays.
    run([{ id: bad, cells: { paidOn: '2017-01-13' } }], 'refuse');
    expect(row(bad)).toEqual({ paid_on: '2017-01-13', note: '乙' });
    expect(findings(bad)).toEqual([]);
    ledger.close();
  });
});

describe('other pasted cells that cannot be read, on a new row', () => {
  it('an amount, 性别, 项目, 发放方式 or 状态: kept in the 备注 with a remark, a finding on its column until the cell is entered', () => {
    const { ledger, programId, li } = seeded();
    const run = (edits: PaymentRowEdit[], badCells: 'skip' | 'refuse') => ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-06-30' }, 'x', { badCells }));
    const res = run([
      { personId: li, cells: { cashFen: '六百', goodsFen: '一床棉被', gender: '男性?', note: '乙' } },
      { personId: li, cells: { cashFen: '100', programName: '没有这个项目', method: '支票', status: '待定' } },
      { personId: li, cells: { cashFen: '200' } },
    ], 'skip');
    const [first, second, good] = res.created as [number, number, number];
    const row = (id: number) => ledger.db.prepare('SELECT cash_fen AS cash, goods_fen AS goods, program_id AS program, note FROM payments WHERE id = ?').get(id) as { cash: number; goods: number; program: number | null; note: string | null };
    const findings = (id: number) => ledger.db.prepare("SELECT field, message FROM payment_issues WHERE payment_id = ? AND code = 'pasted_unread' ORDER BY field").all(id) as { field: string; message: string }[];
    expect(row(first)).toEqual({ cash: 0, goods: 0, program: programId, note: '【粘贴的性别“男性?”无法识别，请核对】【粘贴的金额“六百”无法识别，请核对】【粘贴的慰问品金额“一床棉被”无法识别，请核对】乙' });
    expect(findings(first)).toEqual([
      { field: 'cashFen', message: '粘贴的金额“六百”无法识别，没有存入：请填写正确的金额' },
      { field: 'gender', message: '粘贴的性别“男性?”无法识别，没有存入：请填写正确的性别' },
      { field: 'goodsFen', message: '粘贴的慰问品金额“一床棉被”无法识别，没有存入：请填写正确的慰问品金额' },
    ]);
    expect(row(second).note).toBe('【粘贴的项目“没有这个项目”无法识别，请核对】【粘贴的发放方式“支票”无法识别，请核对】【粘贴的状态“待定”无法识别，请核对】');
    expect(findings(second).map((f) => f.field)).toEqual(['method', 'program', 'status']);
    expect(row(good).note).toBeNull();
    expect(findings(good)).toEqual([]);
    // The clerk enters the amount: its remark and finding go; the others and the clerk's own 备注 stay.
    run([{ id: first, cells: { cashFen: '600' } }], 'refuse');
    expect(row(first)).toEqual({ cash: 60_000, goods: 0, program: programId, note: '【粘贴的性别“男性?”无法识别，请核对】【粘贴的慰问品金额“一床棉被”无法识别，请核对】乙' });
    expect(findings(first).map((f) => f.field)).toEqual(['gender', 'goodsFen']);
    run([{ id: first, cells: { gender: '男', goodsFen: '0' } }], 'refuse');
    expect(row(first).note).toBe('乙');
    expect(findings(first)).toEqual([]);
    // A typed cell that cannot be read is refused as before: nothing written, no remark.
    expect(() => run([{ personId: li, cells: { cashFen: '六百' } }], 'refuse')).toThrow(/金额/);
    ledger.close();
  });
});

describe('a name and an ID that do not go together, and a name in the other script (helper 35’s sweep)', () => {
  it('keyed: 赵六 with 李强’s ID is refused with both named; pasted: the ID’s person is kept and the name listed', () => {
    const { ledger, programId, li } = seeded();
    const run = (source: 'keyed' | 'pasted', edits: PaymentRowEdit[]) => ledger.run({ kind: 't', label: 't', source }, (tx) =>
      applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x', source === 'pasted' ? { badCells: 'skip' } : {}));
    const message = '身份证号 530424198001019516 已登记为“李强”，与姓名“赵六”不符，请核对';
    expect(refused(() => run('keyed', [{ cells: { personName: '赵六', idNumber: '530424198001019516', cashFen: '600' } }])).message).toBe(message);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    const res = run('pasted', [{ cells: { personName: '赵六', idNumber: '530424198001019516', cashFen: '600' } }]);
    expect(res.skipped).toEqual([{ row: 0, field: 'personName', message: `${message}（已按身份证号记为“李强”）` }]);
    expect(ledger.db.prepare('SELECT person_id FROM payments').pluck().all()).toEqual([li]);
    expect(ledger.db.prepare("SELECT count(*) FROM people WHERE name = '赵六'").pluck().get()).toBe(0);
    // The same name in the other script with the ID is the same person: saved, nothing said.
    const trad = run('keyed', [{ cells: { personName: '李強', idNumber: '530424198001019516', cashFen: '700' } }]);
    expect(trad.skipped).toEqual([]);
    expect(ledger.db.prepare('SELECT person_id FROM payments ORDER BY id').pluck().all()).toEqual([li, li]);
    ledger.close();
  });

  it('a name typed in the other script (李強) without an ID pays the one registered 李强, not a new person; the lookup calls him exact', async () => {
    const { ledger, programId, li } = seeded();
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李強', cashFen: '600' } }], { programId, paidOn: '2017-03-01' }, 'x'));
    expect(ledger.db.prepare('SELECT person_id FROM payments').pluck().all()).toEqual([li]);
    expect(ledger.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(3);
    const { searchPeople } = await import('../../electron/core/services/people.ts');
    expect(searchPeople(ledger, '李強').map((p) => [p.name, p.exact])).toEqual([['李强', true]]);
    expect(searchPeople(ledger, '李').map((p) => [p.name, p.exact])).toEqual([['李强', false]]);
    expect(searchPeople(ledger, '530424198001019516').map((p) => [p.name, p.exact])).toEqual([['李强', true]]);
    expect(searchPeople(ledger, '53042419800101').map((p) => [p.name, p.exact])).toEqual([['李强', false]]);
    // With a 李強 registered too, the name as typed is the one chosen, and listed first (李強 sorted before 李强).
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createPerson(tx, { name: '李強', idNumber: '530424199001010014' }));
    expect(searchPeople(ledger, '李强').map((p) => [p.name, p.exact])).toEqual([['李强', true], ['李強', false]]);
    expect(searchPeople(ledger, '李強').map((p) => [p.name, p.exact])).toEqual([['李強', true], ['李强', false]]);
    ledger.close();
  });
});

describe('IDs from the grid (helper 35’s sweep)', () => {
  it('an ID Excel turned into 5.32322E+17 is never stored: refused when keyed, left out and listed when pasted', () => {
    const { ledger, programId } = seeded();
    const run = (source: 'keyed' | 'pasted', edits: PaymentRowEdit[]) => ledger.run({ kind: 't', label: 't', source }, (tx) =>
      applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x', source === 'pasted' ? { badCells: 'skip' } : {}));
    expect(refused(() => run('keyed', [{ cells: { personName: '孙梅', idNumber: '5.32322E+17', cashFen: '600' } }])).message).toMatch(/身份证号“5\.32322E\+17”已被 Excel 改成科学计数法/);
    const res = run('pasted', [{ cells: { personName: '孙梅', idNumber: '5.32322E+17', cashFen: '600' } }]);
    expect(res.skipped.map((p) => p.field)).toEqual(['idNumber']);
    expect(ledger.db.prepare("SELECT name, id_number FROM people WHERE name = '孙梅'").all()).toEqual([{ name: '孙梅', id_number: null }]);
    ledger.close();
  });

  it('an ID entered after the name gives the person the birth date (and gender) it holds', () => {
    const { ledger, programId } = seeded();
    const run = (edits: PaymentRowEdit[]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x'));
    const made = run([{ cells: { personName: '周红', cashFen: '600' } }]);
    run([{ id: made.created[0]!, cells: { idNumber: '530424197512030026' } }]);
    expect(ledger.db.prepare("SELECT gender, birth_date AS birthDate, id_number AS idNumber FROM people WHERE name = '周红'").get()).toEqual({ gender: '女', birthDate: '1975-12-03', idNumber: '530424197512030026' });
    ledger.close();
  });
});

describe('an ID against the person it goes with (helper 37’s sweep)', () => {
  it('an ID typed first, then 李强 chosen in the lookup: another’s ID or not his own is refused; an unregistered valid one becomes the chosen person’s when he has none', () => {
    const { ledger, programId, li } = seeded();
    const run = (edits: PaymentRowEdit[]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, 'x'));
    expect(refused(() => run([{ personId: li, cells: { idNumber: '530424199001010014', cashFen: '300' } }])).message)
      .toBe('所选的“李强”的身份证号是 530424198001019516，与填写的 530424199001010014 不符，请核对（是否同名的另一人）');
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    const zhou = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '周红', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x'));
    const zhouId = ledger.db.prepare("SELECT id FROM people WHERE name = '周红'").pluck().get() as number;
    expect(refused(() => run([{ personId: zhouId, cells: { idNumber: '530424198001019516', cashFen: '300' } }])).message)
      .toBe('身份证号 530424198001019516 已登记为“李强”，与所选的“周红”不符，请核对');
    run([{ personId: zhouId, cells: { idNumber: '530424197512030026', cashFen: '300' } }]);
    expect(ledger.db.prepare('SELECT id_number, gender, birth_date FROM people WHERE id = ?').get(zhouId)).toEqual({ id_number: '530424197512030026', gender: '女', birth_date: '1975-12-03' });
    expect(zhou.created).toHaveLength(1);
    ledger.close();
  });

  it('李强’s ID typed on 职工001’s payment is refused (it moved the payment to 李强 without a word); pasted, it is listed and left out', () => {
    const { ledger, programId, li } = seeded();
    const made = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '职工001', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x'));
    const id = made.created[0]!;
    const run = (source: 'keyed' | 'pasted') => ledger.run({ kind: 't', label: 't', source }, (tx) =>
      applyPaymentEdits(tx, [{ id, cells: { idNumber: '530424198001019516' } }], { programId }, 'x', source === 'pasted' ? { badCells: 'skip' } : {}));
    const message = '身份证号 530424198001019516 已登记为“李强”，本行是“职工001”的发放记录；如确要改记为“李强”，请在姓名列选择此人';
    expect(refused(() => run('keyed')).message).toBe(message);
    expect(run('pasted').skipped).toEqual([{ row: 0, field: 'idNumber', message }]);
    expect(ledger.db.prepare('SELECT pe.name FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.id = ?').pluck().get(id)).toBe('职工001');
    expect(li).toBeGreaterThan(0);
    ledger.close();
  });
});

describe('names told apart in either script (helper 37’s sweep)', () => {
  it('於丽 typed is not the registered 于丽: the lookup lists her but does not choose her, and a payment to 於丽 is a new person', async () => {
    const { ledger, programId } = seeded();
    const yu = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createPerson(tx, { name: '于丽', idNumber: '530424197512030026' }));
    const { searchPeople } = await import('../../electron/core/services/people.ts');
    expect(searchPeople(ledger, '於丽').map((p) => [p.name, p.exact])).toEqual([['于丽', false]]);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '於丽', cashFen: '600' } }], { programId, paidOn: '2017-03-01' }, 'x'));
    const paid = ledger.db.prepare('SELECT pe.id, pe.name FROM payments p JOIN people pe ON pe.id = p.person_id').get() as { id: number; name: string };
    expect(paid.name).toBe('於丽');
    expect(paid.id).not.toBe(yu);
    ledger.close();
  });
});

describe('a pasted row with an ID nobody has and no name', () => {
  it('is saved without a person, the ID kept in its 备注 and named by the finding; the name typed later makes the person with that ID', () => {
    const { ledger, programId } = seeded();
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { idNumber: '530424197512030026', cashFen: '500', note: '原备注' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.created).toHaveLength(1);
    expect(res.skipped).toEqual([{ row: 0, field: 'idNumber', message: '身份证号 530424197512030026 尚未登记，请同时填写姓名（已记在该行备注中）' }]);
    const id = res.created[0]!;
    const row = () => ledger.db.prepare('SELECT person_id, cash_fen, note FROM payments WHERE id = ?').get(id) as { person_id: number | null; cash_fen: number; note: string | null };
    expect(row()).toEqual({ person_id: null, cash_fen: 50000, note: '【粘贴的身份证号“530424197512030026”尚未登记，请填写姓名】原备注' });
    expect(ledger.db.prepare('SELECT code, message FROM payment_issues WHERE payment_id = ?').all(id)).toEqual([
      { code: 'missing_person', message: '缺少领取人：粘贴的身份证号 530424197512030026 尚未登记（记在备注中），请填写姓名' },
    ]);
    // The name typed on the row: the person is made with the kept ID (gender and birth date from it), the remark goes.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { personName: '王芳' } }], {}, 'x'));
    const after = row();
    expect(after.note).toBe('原备注');
    expect(ledger.db.prepare('SELECT name, id_number, gender, birth_date FROM people WHERE id = ?').get(after.person_id)).toEqual({ name: '王芳', id_number: '530424197512030026', gender: '女', birth_date: '1975-12-03' });
    expect(ledger.db.prepare('SELECT count(*) FROM payment_issues WHERE payment_id = ?').pluck().get(id)).toBe(0);
    ledger.close();
  });

  it('a registered person chosen for that row whose ID differs is refused, naming both IDs; one without an ID takes it', () => {
    const { ledger, programId, li } = seeded();
    const paste = () => ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { idNumber: '530424197512030026', cashFen: '500' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' })).created[0]!;
    const first = paste();
    const err = refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: first, personId: li, cells: { personName: '李强' } }], {}, 'x')));
    expect(err.message).toContain('所选的“李强”的身份证号是 530424198001019516，与填写的 530424197512030026 不符');
    expect(ledger.db.prepare('SELECT person_id FROM payments WHERE id = ?').pluck().get(first)).toBeNull();
    const noId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createPerson(tx, { name: '王芳' }));
    const second = paste();
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: second, personId: noId, cells: { personName: '王芳' } }], {}, 'x'));
    expect(ledger.db.prepare('SELECT person_id, note FROM payments WHERE id = ?').get(second)).toEqual({ person_id: noId, note: null });
    expect(ledger.db.prepare('SELECT id_number, gender FROM people WHERE id = ?').get(noId)).toEqual({ id_number: '530424197512030026', gender: '女' });
    ledger.close();
  });
});

describe('a fill over a row that keeps a pasted ID (helper 43’s sweep)', () => {
  it('leaves that row as it is and names it when the ID is not the filled person’s; the other rows are filled', () => {
    const { ledger, programId, li } = seeded();
    const [kept, plain] = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [
      { cells: { idNumber: '530424197512030026', cashFen: '500' } },
      { cells: { cashFen: '300' } },
    ], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' })).created as [number, number];
    // Ctrl+D of 李强 (another ID) over both: one request of two edits, as the grid sends a fill.
    const res = ledger.run({ kind: 't', label: 't', source: 'filled' }, (tx) => applyPaymentEdits(tx, [{ id: kept, personId: li, cells: {} }, { id: plain, personId: li, cells: {} }], {}, 'x'));
    expect(res.updated).toEqual([plain]);
    expect(res.skipped).toEqual([{ row: 0, field: 'personName', message: '本行备注中粘贴的身份证号 530424197512030026 与“李强”不符，本行未改，请核对' }]);
    expect(ledger.db.prepare('SELECT id, person_id, note FROM payments WHERE id IN (?, ?) ORDER BY id').all(kept, plain)).toEqual([
      { id: kept, person_id: null, note: '【粘贴的身份证号“530424197512030026”尚未登记，请填写姓名】' },
      { id: plain, person_id: li, note: null },
    ]);
    ledger.close();
  });
});

describe('code-list cells pasted or keyed in either script (helper 40’s sweep)', () => {
  it('对象类别 is a value of its list (困難職工 is 困难职工); text the list lacks is refused keyed, left out and kept in 备注 pasted', () => {
    const { ledger, programId } = seeded();
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'YL17', name: '2017年医疗救助', year: 2017, kind: '医疗救助' }));
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [
      { cells: { personName: '王一', cashFen: '100', recipientKind: '困難職工', method: '銀行轉賬' } },
      { cells: { personName: '王二', cashFen: '100', recipientKind: '勞動模範', method: '現 金', programName: '2017年醫療救助' } },
      { cells: { personName: '王三', cashFen: '100', recipientKind: '随便写的' } },
      { cells: { personName: '王四', cashFen: '100', recipientKind: '困难 职工' } },
    ], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.created).toHaveLength(4);
    expect(res.skipped).toEqual([{ row: 2, field: 'recipientKind', message: expect.stringMatching(/^对象类别“随便写的”不是代码表中的选项（可选：困难职工、困难农民工、劳动模范/) }]);
    const rows = ledger.db.prepare('SELECT p.id, pe.name, p.recipient_kind AS kind, p.method, g.name AS program, p.note FROM payments p JOIN people pe ON pe.id = p.person_id JOIN programs g ON g.id = p.program_id ORDER BY p.id').all() as { id: number; name: string; kind: string | null; method: string; program: string; note: string | null }[];
    expect(rows.map(({ id: _id, ...r }) => r)).toEqual([
      { name: '王一', kind: '困难职工', method: '银行转账', program: '医疗救助', note: null },
      { name: '王二', kind: '劳动模范', method: '现金', program: '2017年医疗救助', note: null },
      { name: '王三', kind: null, method: '现金', program: '医疗救助', note: '【粘贴的对象类别“随便写的”无法识别，请核对】' },
      { name: '王四', kind: '困难职工', method: '现金', program: '医疗救助', note: null },
    ]);
    // The row left without its kind keeps a finding on 对象类别 until one is entered.
    const third = rows[2]!.id;
    expect(ledger.db.prepare("SELECT field, severity FROM payment_issues WHERE payment_id = ? AND code = 'pasted_unread'").all(third)).toEqual([{ field: 'recipientKind', severity: 'error' }]);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: third, cells: { recipientKind: '一线职工' } }], {}, 'x'));
    expect(ledger.db.prepare('SELECT recipient_kind AS kind, note FROM payments WHERE id = ?').get(third)).toEqual({ kind: '一线职工', note: null });
    // Keyed: refused, the payment unchanged.
    const err = refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: third, cells: { recipientKind: '劳模' } }], {}, 'x')));
    expect(err.message).toMatch(/对象类别“劳模”不是代码表中的选项/);
    expect(ledger.db.prepare('SELECT recipient_kind FROM payments WHERE id = ?').pluck().get(third)).toBe('一线职工');
    // 已發放 as a status is read as 已发放 (the refusal then is the new-row rule's, not an unknown status).
    expect(ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '王五', cashFen: '100', status: '已發放' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' })).skipped[0]!.message)
      .toBe('新登记的发放记录状态只能是“登记”，请审核后再改为“已发放”');
    ledger.close();
  });
});

describe('digits in 姓名 (helper 45’s sweep)', () => {
  it('are no name: refused keyed (the payee kept), left out pasted; nobody named 9516 is made', () => {
    const { ledger, programId } = seeded();
    const id = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x')).created[0]!;
    const err = refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { personName: '9516' } }], {}, 'x')));
    expect(err.message).toContain('“9516”不是姓名');
    expect(ledger.db.prepare('SELECT pe.name FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.id = ?').pluck().get(id)).toBe('李强');
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '123X', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.skipped[0]).toMatchObject({ field: 'personName', message: expect.stringContaining('“123X”不是姓名') });
    expect(ledger.db.prepare("SELECT count(*) FROM people WHERE name IN ('9516', '123X')").pluck().get()).toBe(0);
    ledger.close();
  });
});

describe('after helper 47’s sweep', () => {
  it('digits with stray marks are no name either; a name with a number after it is', () => {
    const { ledger, programId } = seeded();
    const id = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x')).created[0]!;
    for (const text of ['0138。', '#9516', '(9516)', '9516.']) {
      expect(refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { personName: text } }], {}, 'x'))).message).toContain(`“${text}”不是姓名`);
    }
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { personName: '张三2' } }], {}, 'x'));
    expect(ledger.db.prepare('SELECT name FROM people ORDER BY id').pluck().all()).toEqual(['张伟', '张伟', '李强', '张三2']);
    ledger.close();
  });

  it('a name in the ID column is no ID: refused keyed, left out and listed pasted; no person gets 赵一 as an ID', () => {
    const { ledger, programId } = seeded();
    const id = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', cashFen: '100' } }], { programId, paidOn: '2017-03-01' }, 'x')).created[0]!;
    expect(refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { idNumber: '赵一' } }], {}, 'x'))).message)
      .toContain('“赵一”不是身份证号码');
    // A block pasted one column off (its 序号 first): the name lands in 身份证号.
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '1', idNumber: '赵一', gender: '530424197503037779' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.skipped.map((p) => p.field)).toEqual(['personName', 'idNumber', 'gender']);
    const note = ledger.db.prepare('SELECT note FROM payments WHERE id = ?').pluck().get(res.created[0]!) as string;
    expect(note).not.toContain('赵一');
    // Masked and plain IDs still go in.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { idNumber: '530424 19800101 951x' } }], {}, 'x'));
    expect(ledger.db.prepare("SELECT count(*) FROM people WHERE id_number NOT GLOB '[0-9]*'").pluck().get()).toBe(0);
    ledger.close();
  });

  it('the entry row: a date or amount typed and not read is kept in 备注 with a finding, not refused (3.10 was left as the entry date, unmarked)', () => {
    const { ledger, programId } = seeded();
    const keyed = (cells: PaymentRowEdit['cells']) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ entryKey: 'entry-key-0001', cells }], { programId, paidOn: '2017-03-09' }, 'x'));
    const id = keyed({ personName: '李强' }).created[0]!;
    // (With the payment's id too, once the grid knows it.)
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, entryKey: 'entry-key-0001', cells: { paidOn: '3.10' } }], {}, 'x'));
    keyed({ cashFen: '1.2千' });
    const row = () => ledger.db.prepare('SELECT paid_on, cash_fen, note FROM payments WHERE id = ?').get(id) as { paid_on: string; cash_fen: number; note: string | null };
    expect(row()).toEqual({ paid_on: '2017-03-09', cash_fen: 0, note: '【输入的金额“1.2千”无法识别，请核对】【输入的发放日期“3.10”无法识别，暂记为 2017-03-09，请核对】' });
    const findings = () => ledger.db.prepare("SELECT field, message FROM payment_issues WHERE payment_id = ? AND code IN ('paid_on_unread', 'pasted_unread') ORDER BY field").all(id);
    expect(findings()).toEqual([
      { field: 'cashFen', message: '输入的金额“1.2千”无法识别，没有存入：请填写正确的金额' },
      { field: 'paidOn', message: '输入的发放日期“3.10”无法识别，暂记为 2017-03-09：请填写正确的发放日期' },
    ]);
    // Typed again, still not read: one remark, the latest text; then read: the remark and its finding go.
    keyed({ paidOn: '3/10号' });
    expect(row().note).toBe('【输入的发放日期“3/10号”无法识别，暂记为 2017-03-09，请核对】【输入的金额“1.2千”无法识别，请核对】');
    keyed({ paidOn: '2017.3.10', cashFen: '1200' });
    expect(row()).toEqual({ paid_on: '2017-03-10', cash_fen: 120_000, note: null });
    expect(findings()).toEqual([]);
    // 备注 written after a date not read keeps the remark and its finding (helper 50: 住院慰问 replaced it, unmarked);
    // cleared, the remark stays; the date entered, the remark goes and the clerk's 备注 stays.
    keyed({ paidOn: '3.11号' });
    keyed({ note: '住院慰问' });
    expect(row().note).toBe('【输入的发放日期“3.11号”无法识别，暂记为 2017-03-10，请核对】住院慰问');
    expect(findings()).toHaveLength(1);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { note: null } }], {}, 'x'));
    expect(row().note).toBe('【输入的发放日期“3.11号”无法识别，暂记为 2017-03-10，请核对】');
    keyed({ note: '住院慰问', paidOn: '2017-03-11' });
    expect(row()).toEqual({ paid_on: '2017-03-11', cash_fen: 120_000, note: '住院慰问' });
    expect(findings()).toEqual([]);
    keyed({ paidOn: '2017-03-10' });
    // A remark copied onto another row's 备注 (Ctrl+C/V, Ctrl+D) is not that row's (helper 51: it flagged a date that was read).
    const [other] = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', cashFen: '100', paidOn: '2017-05-03' } }], { programId }, 'x')).created;
    ledger.run({ kind: 't', label: 't', source: 'filled' }, (tx) => applyPaymentEdits(tx, [{ id: other!, cells: { note: '【输入的发放日期“3.10”无法识别，暂记为 2017-03-09，请核对】住院慰问' } }], {}, 'x'));
    expect(ledger.db.prepare('SELECT note FROM payments WHERE id = ?').pluck().get(other)).toBe('住院慰问');
    expect(ledger.db.prepare("SELECT count(*) FROM payment_issues WHERE payment_id = ? AND code = 'paid_on_unread'").pluck().get(other)).toBe(0);
    // On a list row the same text is refused, the row unchanged.
    expect(refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id, cells: { paidOn: '3.10' } }], {}, 'x'))).message).toContain('3.10');
    expect(row().paid_on).toBe('2017-03-10');
    // A name not read on the entry row is refused as before (nothing written).
    expect(refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ entryKey: 'entry-key-0002', cells: { personName: '#9516', paidOn: '3.10' } }], { programId, paidOn: '2017-03-09' }, 'x'))).message).toContain('不是姓名');
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(2);
    ledger.close();
  });
});

describe('a reversal (冲正)', () => {
  it('evaluates its original’s year again: the same person’s other payment of that year is no longer paid twice (audit-replay seed 691715904)', () => {
    const { ledger, programId } = seeded();
    const run = <T>(fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn) as T;
    const [first, second] = run<{ created: number[] }>((tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', cashFen: '100', paidOn: '2017-03-01' } }, { cells: { personName: '李强', cashFen: '100', paidOn: '2017-04-01' } }], { programId }, 'x')).created;
    const rules = (id: number) => ledger.db.prepare("SELECT code FROM payment_issues WHERE payment_id = ? AND code LIKE 'rule:%'").pluck().all(id);
    expect(rules(second!)).toHaveLength(1);
    run((tx) => setPaymentStatus(tx, [first!], '已审核', '审核人'));
    run((tx) => setPaymentStatus(tx, [first!], '已发放', null));
    run((tx) => reversePayment(tx, first!, '多发', 'x'));
    expect(rules(second!)).toEqual([]);
    const stored = ledger.db.prepare('SELECT payment_id, code, field, message FROM payment_issues ORDER BY payment_id, code').all();
    ledger.recomputeAllIssues();
    expect(ledger.db.prepare('SELECT payment_id, code, field, message FROM payment_issues ORDER BY payment_id, code').all()).toEqual(stored);
    ledger.close();
  });
});

describe('性别 and the person it goes with (helper 63’s sweep)', () => {
  const issuesOf = (ledger: Ledger, id: number) => (ledger.db.prepare('SELECT code FROM payment_issues WHERE payment_id = ? ORDER BY code').all(id) as { code: string }[]).map((r) => r.code);

  it('pasted on a row with no name or ID: the row is saved, the 性别 listed and not kept in 备注 as a cell not read', () => {
    const { ledger, programId } = seeded();
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { gender: '女', cashFen: '500' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.created).toHaveLength(1);
    expect(res.skipped).toEqual([{ row: 0, field: 'gender', message: '还没有填写姓名，性别“女”无处登记，未保存：请填写姓名后再填写性别' }]);
    expect(ledger.db.prepare('SELECT person_id, cash_fen, note FROM payments').get()).toEqual({ person_id: null, cash_fen: 50_000, note: null });
    ledger.close();
  });

  it('keyed on a list row with no one named: refused, without the entry row’s promise', () => {
    const { ledger, programId } = seeded();
    const [id] = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { cashFen: '500' } }], { programId, paidOn: '2017-03-01' }, 'x')).created;
    const err = refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: id!, cells: { gender: '女' } }], { programId }, 'x')));
    expect(err.message).toBe('第1行“性别”：还没有填写姓名，性别无处登记：请先填写姓名');
    ledger.close();
  });

  it('with a registered person of the other 性别 (chosen, named or by ID): refused keyed, listed pasted; the person stays as registered', () => {
    const { ledger, programId, li } = seeded();
    const before = ledger.db.prepare('SELECT gender FROM people WHERE id = ?').get(li);
    expect(before).toEqual({ gender: '男' });
    const keyed = (edit: PaymentRowEdit) => refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [edit], { programId, paidOn: '2017-03-01' }, 'x')));
    const message = '“李强”登记的性别为“男”，与填写的“女”不符，没有改动，请核对（如确需更改，请只修改性别一格）';
    expect(keyed({ personId: li, entryKey: 'entry-key-1', cells: { gender: '女' } }).message).toBe(`第1行“性别”：${message}`);
    expect(keyed({ cells: { personName: '李强', gender: '女' } }).message).toBe(`第1行“性别”：${message}`);
    expect((ledger.db.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n).toBe(0);
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { personName: '李强', idNumber: '530424198001019516', gender: '女', cashFen: '300' } }], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.skipped).toEqual([{ row: 0, field: 'gender', message: '“李强”登记的性别为“男”，与“女”不符，未采用，请核对（如确需更改，请只修改性别一格）' }]);
    expect(ledger.db.prepare('SELECT person_id, note FROM payments').get()).toEqual({ person_id: li, note: null });
    expect(ledger.db.prepare('SELECT gender FROM people WHERE id = ?').get(li)).toEqual({ gender: '男' });
    // Keyed alone on a payment of his: the clerk's correction, taken (and marked against his ID).
    const paymentId = res.created[0]!;
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: paymentId, cells: { gender: '女' } }], { programId }, 'x'));
    expect(ledger.db.prepare('SELECT gender FROM people WHERE id = ?').get(li)).toEqual({ gender: '女' });
    expect(issuesOf(ledger, paymentId)).toContain('gender_mismatch');
    ledger.close();
  });

  it('a new person keyed with an ID of the other 性别: stored as keyed and marked red (gender_mismatch)', () => {
    const { ledger, programId } = seeded();
    // 530424198505050218: a man by his ID (17th digit odd).
    const [id] = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, [{ entryKey: 'entry-key-2', cells: { personName: '王芳', idNumber: '530424198505050218', gender: '女', cashFen: '500' } }], { programId, paidOn: '2017-03-01' }, 'x')).created;
    expect(ledger.db.prepare("SELECT gender, id_number FROM people WHERE name = '王芳'").get()).toEqual({ gender: '女', id_number: '530424198505050218' });
    expect(issuesOf(ledger, id!)).toContain('gender_mismatch');
    ledger.close();
  });
});

describe('a blank 性别 beside the person it goes with', () => {
  it('pasted with the name or ID, clears no one’s 性别 (a roster’s empty 性别 column nulled 李强’s and a new payee’s); cleared alone, it is cleared', () => {
    const { ledger, programId, li } = seeded();
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [
      { cells: { personName: '李强', idNumber: '530424198001019516', gender: null, cashFen: '300' } },
      { cells: { personName: '赵一', idNumber: '53042419750303077X', gender: null, cashFen: '500' } },
      { cells: { personName: '钱二', gender: null, cashFen: '600' } },
    ], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.skipped).toEqual([]);
    expect(ledger.db.prepare("SELECT name, gender FROM people WHERE name IN ('李强', '赵一', '钱二') ORDER BY id").all())
      .toEqual([{ name: '李强', gender: '男' }, { name: '赵一', gender: '男' }, { name: '钱二', gender: null }]);
    // Keyed alone on a payment of his (Delete on 性别): the clerk's correction.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: res.created[0]!, cells: { gender: null } }], { programId }, 'x'));
    expect(ledger.db.prepare('SELECT gender FROM people WHERE id = ?').get(li)).toEqual({ gender: null });
    ledger.close();
  });
});

describe('a figure of a few digits in the ID column (helper 72)', () => {
  it('is no ID: pasted, left out and listed, no one registered with it; an ID a digit short is kept and marked', () => {
    const { ledger, programId } = seeded();
    const res = ledger.run({ kind: 't', label: 't', source: 'pasted' }, (tx) => applyPaymentEdits(tx, [
      { cells: { personName: '赵一', idNumber: '500' } },
      { cells: { personName: '钱二', idNumber: '20170601' } },
      { cells: { personName: '孙三', idNumber: '53042419900101013' } },
      { cells: { personName: '周四', idNumber: '13912345678' } },
      { cells: { personName: '郑六', idNumber: '8613800001111' } },
    ], { programId, paidOn: '2017-03-01' }, 'x', { badCells: 'skip' }));
    expect(res.skipped).toEqual([
      { row: 0, field: 'idNumber', message: '“500”不是身份证号码：只有 3 位数字，应为 18 位' },
      { row: 1, field: 'idNumber', message: '“20170601”不是身份证号码：只有 8 位数字，应为 18 位' },
      { row: 3, field: 'idNumber', message: '“13912345678”像是手机号码，不是身份证号码' },
      { row: 4, field: 'idNumber', message: '“8613800001111”像是手机号码，不是身份证号码' },
    ]);
    expect(ledger.db.prepare("SELECT id_number FROM people WHERE name = '周四'").get()).toEqual({ id_number: null });
    // Keyed on the entry row, a short figure is kept and marked as before (refused, it held back the entry row's name;
    // helper 74); keyed on a row of the list it is refused (helper 76: it moved 李强's payment to a new 李强 with the ID 500).
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ entryKey: 'entry-key-5', cells: { personName: '吴五', idNumber: '500' } }], { programId, paidOn: '2017-03-01' }, 'x'));
    expect(ledger.db.prepare("SELECT id_number FROM people WHERE name = '吴五'").get()).toEqual({ id_number: '500' });
    const liPayment = res.created[0]!;
    const before = ledger.db.prepare('SELECT person_id FROM payments WHERE id = ?').get(liPayment);
    for (const id of ['500', '13912345678']) {
      expect(refused(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: liPayment, cells: { idNumber: id } }], { programId }, 'x'))).message).toContain('不是身份证号码');
    }
    expect(ledger.db.prepare('SELECT person_id FROM payments WHERE id = ?').get(liPayment)).toEqual(before);
    expect(ledger.db.prepare("SELECT name, id_number FROM people WHERE name IN ('赵一', '钱二', '孙三') ORDER BY id").all())
      .toEqual([{ name: '赵一', id_number: null }, { name: '钱二', id_number: null }, { name: '孙三', id_number: '53042419900101013' }]);
    ledger.close();
  });
});
