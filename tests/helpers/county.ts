/**
 * Realistic county ledgers for the export tests, from the figures in the
 * reports our users file (DOMAIN.md): 华宁 2011 国庆 (2000元×6, 1000元×24,
 * 500元×239 = 15.55万元), 双柏 2011 (医疗救助 14×1000, 生活救助 60×600), 陆良
 * 2011 省(部)级困难劳模两金 (14人, 2000–3000元, 38,000元). People get valid
 * resident IDs of the county, Chinese names and township unions.
 */
import type { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPeople, createPerson } from '../../electron/core/services/people.ts';
import { bulkInsertPayments, type PaymentInsert } from '../../electron/core/services/payments.ts';
import { createProgram, type ProgramInput } from '../../electron/core/services/programs.ts';
import { setSettings, type Settings } from '../../electron/core/services/settings.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { makeIdNumber, rng } from '../bench/generate.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文普';
const GIVEN = '芳强伟敏静丽军磊洋勇艳杰娟涛明超秀霞平刚桂英华玲红梅兰凤云飞鹏斌亮建国志文永春海燕翠萍琼发顺德林波宏荣光学成俊丹宁';

export interface TestPerson {
  id: number;
  name: string;
  idNumber: string;
  gender: '男' | '女';
  unit: string;
}

export function office(ledger: Ledger, values: Partial<Settings>): void {
  ledger.run({ kind: 'settings.set', label: '设置单位信息', source: 'system' }, (tx) => setSettings(tx, values));
}

/** n people of a county (region code), in the given unions; seeded. */
export function addPeople(ledger: Ledger, n: number, region: string, units: readonly string[], seed = 1): TestPerson[] {
  const random = rng(seed);
  const pick = (s: string) => s[Math.floor(random() * s.length)]!;
  const people: Omit<TestPerson, 'id'>[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const male = random() < 0.55;
    const birth = `${1955 + Math.floor(random() * 45)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    let idNumber = '';
    for (let seq = Math.floor(random() * 900); ; seq += 2) {
      idNumber = makeIdNumber(region, birth, seq, male);
      if (!used.has(idNumber)) break;
    }
    used.add(idNumber);
    people.push({ name: pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : ''), idNumber, gender: male ? '男' : '女', unit: units[i % units.length]! });
  }
  const ids = ledger.run({ kind: 'person.bulk', label: '登记人员', source: 'system' }, (tx) => {
    const unitIds = new Map(units.map((u) => [u, ensureUnit(tx, u)]));
    return bulkInsertPeople(tx, people.map((p) => ({ name: p.name, idNumber: p.idNumber, unitId: unitIds.get(p.unit)! })));
  });
  return people.map((p, i) => ({ ...p, id: ids[i]! }));
}

export function addProgram(ledger: Ledger, input: ProgramInput): number {
  return ledger.run({ kind: 'program.create', label: `新建项目 ${input.name}`, source: 'system' }, (tx) => createProgram(tx, input));
}

export function pay(ledger: Ledger, rows: PaymentInsert[]): number[] {
  return ledger.run({ kind: 'payment.bulk', label: '登记发放', source: 'system' }, (tx) => {
    const withUnits = rows.map((r) => {
      if (r.unitId !== undefined || r.personId === null) return r;
      const unit = tx.database.prepare('SELECT unit_id FROM people WHERE id = ?').pluck().get(r.personId) as number | null;
      return { ...r, unitId: unit };
    });
    return bulkInsertPayments(tx, withUnits);
  });
}

export const HUANING_UNITS = ['宁州街道工会联合会', '盘溪镇工会联合会', '华溪镇水泥厂工会', '通红甸乡工会联合会', '青龙镇烟草分公司工会', '华宁县第一中学工会', '华宁县供电局工会'];
export const LULIANG_UNITS = ['中枢镇工会联合会', '马街镇工会联合会', '陆良县糖厂工会', '召夸镇工会联合会', '陆良县医院工会'];
export const SHUANGBAI_UNITS = ['妥甸镇工会联合会', '大庄镇工会联合会', '双柏县林业局工会'];

export const CAUSES = ['因病', '因学', '因灾', '缺乏劳动力', '下岗失业', '单亲'];

/** 华宁 2011 国庆: 2000元×6, 1000元×24, 500元×239 = 155,500元. */
export function huaning2011(ledger: Ledger): { programId: number; people: TestPerson[] } {
  office(ledger, { officeName: '华宁县总工会', regionCode: '530424', leaderName: '张建国', approverName: '李春华', clerkName: '王芳' });
  const people = addPeople(ledger, 269, '530424', HUANING_UNITS, 11);
  const programId = addProgram(ledger, { code: '2011-GQ', name: '2011年国庆困难职工救助金', year: 2011, kind: '送温暖', rules: [] });
  const amounts = [...Array<number>(6).fill(200_000), ...Array<number>(24).fill(100_000), ...Array<number>(239).fill(50_000)];
  pay(ledger, people.map((p, i) => ({
    programId, personId: p.id, paidOn: '2011-09-28', cashFen: amounts[i]!, category: CAUSES[i % CAUSES.length]!, recipientKind: '困难职工',
    note: i === 7 ? '本人住院，由配偶代领' : null,
  })));
  return { programId, people };
}

export interface CountySpec {
  officeName: string;
  regionCode: string;
  units: readonly string[];
  seed: number;
}

/**
 * A county's 2011 in full: 送温暖 (some with rice), 医疗救助, 劳模补助 with its
 * register, funds from several sources, households, a person known by name only,
 * a payment outside any program, a reversal, and 2012 payments that are not 2011.
 */
export function fullCounty(ledger: Ledger, spec: CountySpec): { people: TestPerson[] } {
  office(ledger, { officeName: spec.officeName, regionCode: spec.regionCode, leaderName: '主席', approverName: '副主席', clerkName: '经办' });
  const people = addPeople(ledger, 60, spec.regionCode, spec.units, spec.seed);
  const swn = addProgram(ledger, {
    code: '2011-SWN', name: '2011年春节送温暖', year: 2011, kind: '送温暖', rules: [],
    funds: [{ source: '上级下拨', amountFen: 3_000_000 }, { source: '本级自筹', amountFen: 1_000_000, receivedOn: '2011-01-05' }],
    standards: [{ recipientKind: '困难职工', cashFen: 50_000, goodsFen: 10_000, goodsDesc: '大米' }],
  });
  const yl = addProgram(ledger, { code: '2011-YLJZ', name: '2011年医疗救助', year: 2011, kind: '医疗救助', rules: [], funds: [{ source: '爱心捐款', amountFen: 1_500_000 }] });
  const lm = addProgram(ledger, { code: '2011-LJ', name: '2011年困难劳模两金', year: 2011, kind: '劳模补助', rules: [] });
  addProgram(ledger, { code: '2011-SQL', name: '2011年夏季送清凉', year: 2011, kind: '夏季送清凉', rules: [], funds: [{ source: '社会捐赠', amountFen: 200_000 }] });
  const kinds = ['困难职工', '困难农民工', '环卫工人'];
  const ids = pay(ledger, people.slice(0, 40).map((p, i) => ({
    programId: swn, personId: p.id, paidOn: `2011-01-${String(10 + (i % 15)).padStart(2, '0')}`, cashFen: [30_000, 50_000, 80_000][i % 3]!,
    goodsFen: i % 4 === 0 ? 10_000 : 0, goodsDesc: i % 4 === 0 ? '大米' : null, recipientKind: kinds[i % 3]!, category: CAUSES[i % CAUSES.length]!,
  })));
  pay(ledger, people.slice(30, 50).map((p, i) => ({ programId: yl, personId: p.id, paidOn: '2011-07-01', cashFen: [50_000, 100_000][i % 2]!, recipientKind: '患重大疾病职工', category: '住院手术' })));
  ledger.run({ kind: 't', label: '劳模', source: 'system' }, (tx) => {
    people.slice(50, 54).forEach((p, i) => {
      tx.insert('model_workers', { person_id: p.id, honour_level: i === 0 ? '全国' : '省部级', title: i === 0 ? '全国劳动模范' : '省劳动模范', year_awarded: 2001 + i, subsidy_kind: i === 0 ? '三金' : '两金', in_hardship: 1 });
    });
    // Households: the first six people in two households.
    for (let h = 0; h < 2; h++) {
      const hid = tx.insert('households', { file_no: `${spec.regionCode}-${h + 1}` });
      for (const p of people.slice(h * 3, h * 3 + 3)) tx.update('people', p.id, { household_id: hid });
    }
  });
  pay(ledger, people.slice(50, 54).map((p, i) => ({ programId: lm, personId: p.id, paidOn: '2011-12-20', cashFen: i === 0 ? 500_000 : 250_000, recipientKind: '困难劳模' })));
  // A worker known by name only, and a payment not yet put in a program.
  ledger.run({ kind: 't', label: '无身份证', source: 'keyed' }, (tx) => {
    const pid = createPerson(tx, { name: '李　四', unitId: tx.database.prepare('SELECT id FROM units WHERE name = ?').pluck().get(spec.units[0]) as number });
    tx.insert('payments', { program_id: swn, person_id: pid, paid_on: '2011-01-28', cash_fen: 30_000, recipient_kind: '一线职工', note: '春节坚守岗位' });
    tx.insert('payments', { program_id: null, person_id: people[55]!.id, paid_on: '2011-05-01', cash_fen: 20_000, recipient_kind: '困难职工', note: '临时救助，待归入项目' });
  });
  // A paid payment reversed in the same year.
  ledger.run({ kind: 't', label: '冲正', source: 'keyed' }, (tx) => {
    tx.update('payments', ids[1]!, { status: '已发放' });
    const rev = tx.insert('payments', { program_id: swn, person_id: people[1]!.id, paid_on: '2011-02-01', cash_fen: -50_000, recipient_kind: kinds[1]!, reverses_id: ids[1]!, note: `冲正第${ids[1]}号：重复发放` });
    void rev;
  });
  // 2012: not in the 2011 package.
  const swn12 = addProgram(ledger, { code: '2012-SWN', name: '2012年春节送温暖', year: 2012, kind: '送温暖', rules: [] });
  pay(ledger, people.slice(0, 5).map((p) => ({ programId: swn12, personId: p.id, paidOn: '2012-01-15', cashFen: 50_000, recipientKind: '困难职工' })));
  return { people };
}
