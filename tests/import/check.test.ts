/**
 * The preview's ledger checks find the roster's people by ID number the same way whichever way
 * the lookup goes (check.ts): a ledger with no more people than the roster has IDs is read
 * whole, a bigger one is asked for the roster's IDs.
 */
import { describe, expect, it } from 'vitest';
import { createImportSession, parseImportBytes, previewImport } from '../../electron/core/import/index.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { closeYear } from '../../electron/core/services/years.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempLedger } from '../helpers/ledger.ts';
import { IDS } from './fixtures.ts';

describe('people found by ID number in the preview', () => {
  it('matches the same people when the ledger is read whole (few people) and when it is asked for the IDs (many)', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const [wang, li] = ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) =>
      bulkInsertPeople(tx, [{ name: '王芳', idNumber: IDS.wangFang }, { name: '李强', idNumber: IDS.liQiang }, { name: '赵六' }]));
    const newIds = [0, 1, 2].map((i) => makeIdNumber('530424', `1980-0${i + 1}-15`, 11 + i, i % 2 === 0));
    const csv = Buffer.from([
      '序号,姓名,身份证号码,金额',
      `1,王芳,${IDS.wangFang},500`,
      `2,张三,${newIds[0]},500`,
      `3,李强,${IDS.liQiang},500`,
      `4,李四,${newIds[1]},500`,
      `5,王五,${newIds[2]},500`,
    ].join('\r\n') + '\r\n', 'utf8');
    const matched = async () => {
      const preview = previewImport(ledger, createImportSession(await parseImportBytes(csv, '花名册.csv')), { programId });
      return { people: preview.rows.map((r) => [r.name, r.personId]), matched: preview.summary.matchedPeople, fresh: preview.summary.newPeople };
    };
    const expected = { people: [['王芳', wang], ['张三', null], ['李强', li], ['李四', null], ['王五', null]], matched: 2, fresh: 3 };
    // 3 people, 5 IDs: the ledger's people are read whole.
    expect(await matched()).toEqual(expected);
    // 23 people, 5 IDs: the ledger is asked for the 5.
    ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) =>
      bulkInsertPeople(tx, Array.from({ length: 20 }, (_, i) => ({ name: `职工${i}`, idNumber: makeIdNumber('530402', `1970-0${1 + (i % 9)}-2${i % 8}`, 100 + i, i % 2 === 0) }))));
    expect(await matched()).toEqual(expected);
    ledger.close();
  });

  it('holds every row of one ledger person found by different keys (an ID and a name; a name with and without its unit)', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const unitId = ledger.run({ kind: 't', label: '单位', source: 'keyed' }, (tx) => ensureUnit(tx, '二车间'));
    const [li] = ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) => bulkInsertPeople(tx, [{ name: '李四', idNumber: IDS.liQiang, unitId }]));
    const check = async (lines: string[]) => {
      const preview = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(lines.join('\r\n')), '花名册.csv')), { programId });
      return preview.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.personId]);
    };
    expect(await check(['姓名,工作单位,金额', '李四,二车间,300', '李四,,200'])).toEqual([[2, 'error', 'duplicate_in_file', li], [3, 'error', 'duplicate_in_file', li]]);
    expect(await check(['姓名,身份证号,工作单位,金额', `李四,${IDS.liQiang},二车间,300`, '李四,,二车间,200', '王芳,,一车间,100'])).toEqual([
      [2, 'error', 'duplicate_in_file', li], [3, 'error', 'duplicate_in_file', li], [4, 'ok', '', null],
    ]);
    const preview = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(['姓名,工作单位,金额', '李四,二车间,300', '李四,,200'].join('\r\n')), '花名册.csv')), { programId });
    expect(preview.rows[0]!.reasons[0]!.message).toBe(`台账中的“李四”（${IDS.liQiang}）在本文件中出现 2 次：第 2、3 行，请核对是否重复发放`);
    ledger.close();
  });

  it('finds a person written in Traditional, holds a name-only row two people of the ledger could be, and holds rows in a closed year', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const [sun] = ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) =>
      bulkInsertPeople(tx, [{ name: '孙丽', idNumber: IDS.sunLi }, { name: '李强' }, { name: '李强' }]));
    const rows = async (lines: string[]) => {
      const preview = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(lines.join('\r\n')), '花名册.csv')), { programId });
      return preview.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.personId]);
    };
    // Same ID, the name in Traditional: no name mismatch. Without an ID: found by the Simplified name.
    expect(await rows(['姓名,身份证号,金额', `孫麗,${IDS.sunLi},500`])).toEqual([['ok', '', sun]]);
    expect(await rows(['姓名,金额', '孫麗,500'])).toEqual([['ok', '', sun]]);
    // Two 李强 in the ledger, none told apart by an ID or a unit.
    expect(await rows(['姓名,金额', '李强,500'])).toEqual([['error', 'person_ambiguous', null]]);
    // 2017 closed: the preview holds the row the commit would refuse.
    ledger.run({ kind: 'year.close', label: '结账', source: 'keyed', undoable: false }, (tx) => closeYear(tx, 2017, '张会计'));
    expect((await rows(['姓名,身份证号,金额,发放日期', `王芳,${IDS.wangFang},500,2017-01-20`]))[0]!.slice(0, 2)).toEqual(['error', 'year_closed']);
    ledger.close();
  });

  it('warns of a new person the ledger may already have: the name at another unit, or the name without an ID', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const unitId = ledger.run({ kind: 't', label: '单位', source: 'keyed' }, (tx) => ensureUnit(tx, '二车间'));
    ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) => bulkInsertPeople(tx, [{ name: '李强', unitId }, { name: '陈静' }]));
    const preview = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(['姓名,身份证号,工作单位,金额', '李强,,一车间,500', `陈静,${IDS.wangFang},,500`, `王芳,${IDS.liQiang},,500`].join('\r\n')), '花名册.csv')), { programId });
    expect(preview.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.personId])).toEqual([
      ['warn', 'person_maybe_known', null], ['warn', 'person_maybe_known', null], ['ok', '', null],
    ]);
    expect(preview.rows[0]!.reasons[0]!.message).toMatch(/台账中已有“李强”（二车间），与本行的单位不同/);
    ledger.close();
  });

  it('takes a row with no ID for the ledger\'s person of its name and unit only when its 性别 and 出生年月 agree (helper 94 H1)', async () => {
    // A 劳模 roster with no ID column: 王明, 女, born 1950.02, 县机械厂 was paid to the ledger's 王明 (男, born 1982) there.
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'LM', name: '2024年劳模补助', year: 2024, kind: '劳模补助' }));
    const unitId = ledger.run({ kind: 't', label: '单位', source: 'keyed' }, (tx) => ensureUnit(tx, '县机械厂'));
    const wangId = makeIdNumber('530424', '1982-05-05', 201, true);
    const [wang, zhao] = ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) =>
      bulkInsertPeople(tx, [{ name: '王明', idNumber: wangId, unitId }, { name: '赵兰', gender: '女', unitId }]));
    const preview = async (lines: string[]) => previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(lines.join('\r\n')), '劳模花名册.csv')), { programId });
    const rows = async (lines: string[]) => (await preview(lines)).rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(','), r.personId]);
    // Agreeing (or not written): the ledger's person.
    expect(await rows(['姓名,性别,出生年月,工作单位,金额', '王明,男,1982.05,县机械厂,2000', '赵兰,女,,县机械厂,1000'])).toEqual([
      ['王明', 'ok', '', wang], ['赵兰', 'ok', '', zhao],
    ]);
    expect(await rows(['姓名,工作单位,金额', '王明,县机械厂,2000'])).toEqual([['王明', 'ok', '', wang]]);
    // Another 性别, another 出生年月, or both: another person, or one of them mistyped, or the column another person's
    // (配偶 | 出生年月): held, paid to neither (a new person made for it was paid past already_paid; helper 96).
    expect(await rows(['姓名,性别,出生年月,工作单位,金额', '王明,女,1950.02,县机械厂,2000', '王明,,1950.02,县机械厂,1500', '赵兰,男,,县机械厂,1000'])).toEqual([
      ['王明', 'error', 'duplicate_in_file,person_ambiguous', null], ['王明', 'error', 'duplicate_in_file,person_ambiguous', null], ['赵兰', 'error', 'person_ambiguous', null],
    ]);
    const one = await preview(['姓名,性别,出生年月,工作单位,金额', '王明,女,1950.02,县机械厂,2000']);
    expect(one.rows.map((r) => [r.status, r.personId])).toEqual([['error', null]]);
    expect(one.rows[0]!.reasons[0]!.message).toBe('台账中已有“王明”（县机械厂，男，1982年5月生），与本行的性别、出生年月（女，1950年2月生）不符，本行没有身份证号，无法确定是否同一人；请补充身份证号，或核对性别、出生年月');
    // A student roster's 出生年月 may be the student's: the parent is found by name and unit as before.
    expect(await rows(['家长姓名,学生姓名,出生年月,工作单位,金额', '王明,王小明,2008.09,县机械厂,1000'])).toEqual([['王明', 'ok', '', wang]]);
    ledger.close();
  });

  it('warns of a new person whose name a person of the same unit has with another ID (a mistyped ID, or a namesake); not at another unit', async () => {
    // Helper 41's sweep: it passed as ok and a second 王芳 was made at the same unit.
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const unitId = ledger.run({ kind: 't', label: '单位', source: 'keyed' }, (tx) => ensureUnit(tx, '盘溪镇中心校'));
    ledger.run({ kind: 't', label: '登记', source: 'keyed' }, (tx) => bulkInsertPeople(tx, [{ name: '王芳', idNumber: IDS.wangFang, unitId }]));
    const other = IDS.sunLi;
    const preview = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(['姓名,身份证号,工作单位,金额', `王芳,${other},盘溪镇中心校,500`, `王芳,${IDS.yangMing},县水泥厂,500`].join('\r\n')), '花名册.csv')), { programId });
    expect(preview.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['warn', `台账中已有同单位（盘溪镇中心校）的“王芳”，身份证号为 ${IDS.wangFang}，与本行的 ${other} 不同，将另建人员；如是同一人，请核对身份证号`],
      ['ok', ''],
    ]);
    // The same name at one unit with two IDs in the file itself: each row says so (helper 44: both were ok).
    // (The second 周敏's unit in Traditional: the same unit; helper 46.)
    const twice = previewImport(ledger, createImportSession(await parseImportBytes(Buffer.from(['姓名,身份证号,工作单位,金额', `周敏,${IDS.liQiang},青龙镇中学,500`, `周敏,${IDS.yangMing},青龍鎮中學,500`, `周敏,${IDS.zhaoLi},县水泥厂,500`].join('\r\n')), '花名册.csv')), { programId });
    expect(twice.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['warn', '本文件中同单位（青龙镇中学）的“周敏”还有身份证号不同的第 3 行，将作为不同的人分别登记；如是同一人，请核对身份证号'],
      ['warn', '本文件中同单位（青龍鎮中學）的“周敏”还有身份证号不同的第 2 行，将作为不同的人分别登记；如是同一人，请核对身份证号'],
      ['ok', ''],
    ]);
    ledger.close();
  });
});

