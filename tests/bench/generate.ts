/**
 * A generator of realistic county ledgers of any size: Chinese names, valid
 * resident IDs from Yunnan counties, township unions and enterprises, programs
 * by year with real standard amounts, payments spread over the year. Seeded, so
 * the same arguments give the same ledger.
 */
import { checkCharacter } from '../../shared/domain/residentId.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文普李';
const GIVEN = '芳强伟敏静丽军磊洋勇艳杰娟涛明超秀霞平刚桂英华玲红梅兰凤云飞鹏斌亮建国志文永春海燕翠萍琼发顺德林波宏荣光学成俊丹宁';
const REGIONS = ['530424', '530322', '532322', '532326', '530524', '530402', '530421', '530102'];
const TOWNS = ['宁州街道', '盘溪镇', '华溪镇', '通红甸乡', '青龙镇', '中和镇', '马街镇', '召夸镇', '活水乡', '芳华镇'];
const FIRMS = ['水泥厂', '供电局', '烟草分公司', '县医院', '第一中学', '环卫站', '交通运输局', '建筑公司', '农机公司', '糖厂'];
export const RECIPIENT_KINDS = ['困难职工', '困难农民工', '劳动模范', '一线职工', '环卫工人', '患重大疾病职工'];
const CATEGORIES = ['因病', '因学', '因灾', '缺乏劳动力', '下岗失业', '单亲'];
export const PROGRAMS_PER_YEAR: { suffix: string; name: string; kind: string; amounts: number[] }[] = [
  { suffix: 'SWN', name: '春节送温暖', kind: '送温暖', amounts: [300, 500, 800, 1000] },
  { suffix: 'JQZX', name: '金秋助学', kind: '金秋助学', amounts: [1000, 2000, 3000] },
  { suffix: 'YLJZ', name: '医疗救助', kind: '医疗救助', amounts: [500, 1000, 2000] },
  { suffix: 'SHJZ', name: '生活救助', kind: '生活救助', amounts: [600, 800] },
  { suffix: 'SQL', name: '夏季送清凉', kind: '夏季送清凉', amounts: [100, 200] },
  { suffix: 'LMBZ', name: '劳模补助', kind: '劳模补助', amounts: [2000, 3000] },
];

/** Mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedPerson {
  name: string;
  idNumber: string;
  gender: '男' | '女';
  unit: string;
}

export interface GeneratedPayment {
  personIndex: number;
  programIndex: number;
  paidOn: string;
  cashFen: number;
  goodsFen: number;
  goodsDesc: string | null;
  recipientKind: string;
  category: string;
}

export interface GeneratedLedger {
  units: string[];
  people: GeneratedPerson[];
  programs: { code: string; name: string; year: number; kind: string }[];
  payments: GeneratedPayment[];
}

export function makeIdNumber(region: string, birth: string, seq: number, male: boolean): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== male) s = (s + 1) % 1000;
  const make = (place: string) => {
    const first17 = `${place}${birth.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  };
  const id = make(region);
  // Not one ending in 000 (what Excel leaves of a cut ID: the import warns about those): the
  // neighbouring county's code instead, so that it takes no other sequence number's ID.
  return id.endsWith('000') ? make(`${region.slice(0, 5)}${(Number(region[5]) + 1) % 10}`) : id;
}

export function generateLedger(options: { payments: number; people?: number; years?: number[]; seed?: number }): GeneratedLedger {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const units = TOWNS.flatMap((t) => [`${t}工会联合会`, ...FIRMS.slice(0, 3).map((f) => `${t}${f}工会`)]).concat(FIRMS.map((f) => `县${f}工会`));
  const peopleCount = options.people ?? Math.max(10, Math.ceil(options.payments / 3));
  const people: GeneratedPerson[] = [];
  const usedIds = new Set<string>();
  for (let i = 0; i < peopleCount; i++) {
    const male = random() < 0.55;
    const y = 1950 + Math.floor(random() * 50);
    const m = 1 + Math.floor(random() * 12);
    const d = 1 + Math.floor(random() * 28);
    let id = '';
    for (let seq = Math.floor(random() * 1000); ; seq++) {
      id = makeIdNumber(pick(REGIONS), `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, seq, male);
      if (!usedIds.has(id)) break;
    }
    usedIds.add(id);
    const given = pick([...GIVEN]) + (random() < 0.7 ? pick([...GIVEN]) : '');
    people.push({ name: pick([...SURNAMES]) + given, idNumber: id, gender: male ? '男' : '女', unit: pick(units) });
  }
  const years = options.years ?? [2015, 2016, 2017];
  const programs = years.flatMap((year) => PROGRAMS_PER_YEAR.map((p) => ({ code: `${year}-${p.suffix}`, name: `${year}年${p.name}`, year, kind: p.kind })));
  const payments: GeneratedPayment[] = [];
  for (let i = 0; i < options.payments; i++) {
    const programIndex = Math.floor(random() * programs.length);
    const program = programs[programIndex]!;
    const spec = PROGRAMS_PER_YEAR[programIndex % PROGRAMS_PER_YEAR.length]!;
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const goods = random() < 0.3 ? pick([10_000, 15_000, 20_000]) : 0;
    payments.push({
      personIndex: Math.floor(random() * peopleCount),
      programIndex,
      paidOn: `${program.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      cashFen: pick(spec.amounts) * 100,
      goodsFen: goods,
      goodsDesc: goods ? pick(['棉被', '大米', '食用油']) : null,
      recipientKind: pick(RECIPIENT_KINDS),
      category: pick(CATEGORIES),
    });
  }
  return { units, people, programs, payments };
}
