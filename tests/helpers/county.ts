/**
 * Realistic county ledgers for the export tests, from the figures in the
 * reports our users file (DOMAIN.md): 华宁 2011 国庆 (2000元×6, 1000元×24,
 * 500元×239 = 15.55万元), 双柏 2011 (医疗救助 14×1000, 生活救助 60×600), 陆良
 * 2011 省(部)级困难劳模两金 (14人, 2000–3000元, 38,000元). People get valid
 * resident IDs of the county, Chinese names and township unions.
 */
import type { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
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
