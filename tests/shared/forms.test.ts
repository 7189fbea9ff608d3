import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { annualLayout, emptyStats } from '../../shared/forms/annual.ts';
import { canonicalLine } from '../../shared/forms/filing.ts';
import { chineseDate, colLetter, displayWidth, signatureRow, sumOfCells, type FormRow } from '../../shared/forms/layout.ts';
import { formSheetHtml } from '../../shared/forms/html.ts';
import { measureRoster, rosterLayout, rosterTitle, type RosterRow } from '../../shared/forms/roster.ts';

const who = { leaderName: '张建国', approverName: '李春华', clerkName: '王芳' };

function row(i: number, extra: Partial<RosterRow> = {}): RosterRow {
  return { name: `职工${i}`, gender: i % 2 ? '男' : '女', idNumber: '530424197512030026', unitName: '盘溪镇工会联合会', category: '因病', cashFen: 50_000, goodsFen: 0, goodsDesc: null, note: null, ...extra };
}

describe('form layout helpers', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('王芳')).toBe(4);
    expect(displayWidth('530424197512030026')).toBe(18);
    expect(displayWidth('金额（元）')).toBe(10);
    expect(displayWidth('ABC 公司')).toBe(8);
    expect(displayWidth('𠀀')).toBe(2); // outside the BMP
    expect(displayWidth('，。')).toBe(4);
  });

  it('names columns and dates as spreadsheets and forms do', () => {
    expect([1, 9, 26, 27, 52, 53, 702, 703].map(colLetter)).toEqual(['A', 'I', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(chineseDate('2017-01-05')).toBe('2017年1月5日');
  });

  it('splits a long SUM of subtotals into groups of at most 200 references', () => {
    const rows = Array.from({ length: 450 }, (_, i) => i + 4);
    const cell = sumOfCells(3, rows, 1, 'count');
    const groups = cell.formula!.split('+');
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g.split(',').length).toBeLessThanOrEqual(200);
    expect(cell.formula!.match(/C\d+/g)).toHaveLength(450);
  });

  it('spreads the signature line over three spans covering every column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), (n) => {
        const r = signatureRow(n, who);
        const spans = r.cells.filter((c) => c !== null).map((c) => c!.colSpan ?? 1);
        expect(spans.reduce((a, b) => a + b, 0)).toBe(n);
        expect(r.cells.filter((c) => c !== null).map((c) => c!.v)).toEqual(['单位负责人：张建国', '审核人：李春华', '经办人：王芳']);
      }),
    );
  });

  it('canonical lines keep integers and text apart', () => {
    expect(canonicalLine([1, '1', null, 0])).toBe('[1,"1",null,0]\n');
  });
});

describe('rosterLayout', () => {
  it('titles a roster from the office and the program', () => {
    expect(rosterTitle('华宁县总工会', '2011年国庆困难职工救助金')).toBe('华宁县总工会2011年国庆困难职工救助金发放花名册');
    expect(rosterTitle('华宁县总工会', '2017年春节送温暖花名册')).toBe('华宁县总工会2017年春节送温暖花名册');
    expect(rosterTitle('华宁县总工会', null)).toBe('华宁县总工会发放花名册');
  });

  it('places the SUM over exactly the body rows, whatever the number of rows, and spans the total label up to the amount', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100_000, max: 10_000_000 }), { minLength: 1, maxLength: 60 }), fc.boolean(), (amounts, withGoods) => {
        const rows = amounts.map((a, i) => row(i, { cashFen: a, goodsFen: withGoods ? 1000 : 0 }));
        const cash = amounts.reduce((s, a) => s + a, 0);
        const sheet = rosterLayout({
          ...who, officeName: '华宁县总工会', title: 'T', filedOn: '2017-01-20', capitalScript: 'simplified', withGoods, maskIds: false,
          rows, rowCount: rows.length, cashFen: cash, goodsFen: withGoods ? 1000 * rows.length : 0,
        });
        const all: FormRow[] = [...sheet.rows];
        expect(all).toHaveLength(sheet.rowCount);
        const total = all[3 + rows.length]!;
        expect(total.role).toBe('total');
        expect(total.cells[0]).toMatchObject({ v: '合计', colSpan: 6 });
        expect(total.cells[6]).toMatchObject({ formula: `SUM(G4:G${3 + rows.length})`, v: cash });
        if (withGoods) expect(total.cells[8]).toMatchObject({ formula: `SUM(I4:I${3 + rows.length})`, v: 1000 * rows.length });
        // Every row has one cell per column or a span covering it.
        for (const r of all) {
          let covered = 0;
          r.cells.forEach((c) => (covered += c ? (c.colSpan ?? 1) : 0));
          expect(covered).toBeLessThanOrEqual(sheet.columns.length);
          expect(r.cells).toHaveLength(sheet.columns.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a row count that does not match the rows, and lazy rows without widths', () => {
    const base = { ...who, officeName: 'X', title: 'T', filedOn: '2017-01-20', capitalScript: 'simplified' as const, withGoods: false, maskIds: false, cashFen: 0, goodsFen: 0 };
    expect(() => [...rosterLayout({ ...base, rows: [row(1)], rowCount: 2 }).rows]).toThrow(/1 rows given, 2 announced/);
    expect(() => rosterLayout({ ...base, rows: new Set([row(1)]), rowCount: 1 })).toThrow(/widths are required/);
    expect(measureRoster([row(1, { unitName: '华宁县第一中学工会', note: 'ab' })])).toMatchObject({ unitName: 18, note: 2 });
  });
});

describe('annualLayout', () => {
  it('merges the kind down its rows and its 小计, sums 人次 and money over the rows, and the 总计 over the 小计', () => {
    const s = (payments: number, cashFen: number) => ({ ...emptyStats(), households: payments, people: payments, payments, cashFen });
    const sheet = annualLayout({
      ...who, officeName: 'X', year: 2011, filedOn: '2012-01-01', title: 'T', sheetName: 'S', labels: ['项目类别', '救助对象类别'],
      groups: [
        { label: '送温暖', rows: [{ label: '困难职工', stats: s(2, 100) }, { label: '困难农民工', stats: s(1, 50) }], subtotal: s(3, 150) },
        { label: '医疗救助', rows: [{ label: '患重大疾病职工', stats: s(4, 400) }], subtotal: s(4, 400) },
      ],
      total: s(7, 550), funds: { kind: 'bySource', rows: [{ source: '上级下拨', fen: 1000 }] }, notes: [],
    });
    const rows = [...sheet.rows];
    expect(rows[3]!.cells[0]).toMatchObject({ v: '送温暖', rowSpan: 3 });
    expect(rows[5]!.cells[4]).toMatchObject({ formula: 'SUM(E4:E5)', v: 3 });
    expect(rows[7]!.cells[5]).toMatchObject({ formula: 'SUM(F7:F7)', v: 400 });
    expect(rows[8]!.cells[4]).toMatchObject({ formula: 'SUM(E6,E8)', v: 7 });
    expect(rows[8]!.cells[7]).toMatchObject({ formula: 'F9+G9', v: 550 });
  });
});

describe('formSheetHtml (the print view)', () => {
  it('draws the roster layout: the same cells, spans and figures, the header row repeated in <thead>', () => {
    const rows = [row(1, { name: '王<芳>', cashFen: 155_500_00 }), row(2, { cashFen: 50_000 })];
    const sheet = rosterLayout({
      ...who, officeName: '华宁县总工会', title: '华宁县总工会2011年国庆困难职工救助金发放花名册', filedOn: '2011-09-28', capitalScript: 'simplified',
      withGoods: false, maskIds: true, rows, rowCount: 2, cashFen: 155_500_00 + 50_000, goodsFen: 0,
    });
    const html = formSheetHtml(sheet);
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('<td class="center" colspan="9">华宁县总工会2011年国庆困难职工救助金发放花名册</td>');
    expect(html).toContain('<td class="left" colspan="5">填报单位：华宁县总工会</td><td class="right" colspan="4">填报日期：2011年9月28日</td></tr>');
    const thead = /<thead>(.*)<\/thead>/.exec(html)![1]!;
    expect(thead.match(/<td[^>]*>([^<]*)<\/td>/g)!.map((t) => t.replace(/<[^>]+>/g, ''))).toEqual(['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '领取人签字', '备注']);
    expect(html).toContain('王&lt;芳&gt;');
    expect(html).toContain('530424********0026');
    expect(html).toContain('<td class="right">155,500.00</td>');
    expect(html).toContain('<td class="center" colspan="6">合计</td><td class="right">156,000.00</td><td class="center"></td><td class="left">共2人次</td>');
    expect(html).toContain('合计金额（大写）：壹拾伍万陆仟元整');
    // Each body row has exactly nine cells.
    for (const tr of html.match(/<tr class="body"[^>]*>.*?<\/tr>/g)!) expect(tr.match(/<td/g)).toHaveLength(9);
  });

  it('skips the cells a row span covers', () => {
    const s = (n: number) => ({ ...emptyStats(), payments: n, people: n, households: n, cashFen: n * 100 });
    const html = formSheetHtml(annualLayout({
      ...who, officeName: 'X', year: 2011, filedOn: '2012-01-01', title: 'T', sheetName: 'S', labels: ['项目类别', '救助对象类别'],
      groups: [{ label: '送温暖', rows: [{ label: '困难职工', stats: s(1) }, { label: '困难农民工', stats: s(2) }], subtotal: s(3) }],
      total: s(3), funds: { kind: 'bySource', rows: [] }, notes: [],
    }));
    const body = html.match(/<tr class="(body|subtotal)"[^>]*>.*?<\/tr>/g)!.slice(0, 3);
    expect(body.map((tr) => tr.match(/<td/g)!.length)).toEqual([8, 7, 7]);
    expect(body[0]).toContain('rowspan="3">送温暖</td>');
  });
});
