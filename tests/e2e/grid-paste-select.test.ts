/**
 * The payments grid's paste, lookup, copy and selection as a clerk meets them, in Chromium
 * through the bridge over a real ledger: a pasted block with a cell that cannot be read keeps
 * every row (the cell left out, marked and named), and more (one test per defect found).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { BODY_ROWS, cell, imeType, saved, typingReady } from './grid-helpers.ts';
import { launchBrowser, sqlAll } from './harness.ts';
import { liQiangLedger, pasteText, openWithClipboard } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const makeLedger = liQiangLedger;


const open = (file: string) => openWithClipboard(browser, file);

/** A row as Excel copies the grid's 15 columns: 姓名 … 备注, blanks where not given. */
function excelRow(c: { name: string; date?: string; cash?: string; note?: string }): string {
  // 姓名 身份证号 性别 单位 项目 对象类别 困难类别 日期 金额 实物 实物名称 发放方式 状态 学生 备注
  return [c.name, '', '', '', '', '', '', c.date ?? '', c.cash ?? '', '', '', '', '', '', c.note ?? ''].join('\t');
}

describe('the payments grid: paste, lookup, copy, selection', () => {
  it('a pasted block keeps every row: a cell that cannot be read is left out, marked red and named; blank 发放方式/状态 take 现金/登记; one undo step', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      const text = [
        excelRow({ name: '张三', date: '2017-07-01', cash: '600', note: '甲' }),
        excelRow({ name: '李四', date: '2017/13/1', cash: '700', note: '乙' }),
        excelRow({ name: '王五', date: '2017年2月30日', cash: '0.005', note: '丙' }),
        excelRow({ name: '赵六', date: '2017-07-04', cash: 'abc', note: '丁' }),
      ].join('\r\n') + '\r\n';
      await pasteText(page, text);
      await saved(page);
      await expect.poll(() => page.locator(BODY_ROWS).count()).toBe(5);
      const rows = sqlAll<{ name: string; paid_on: string; cash_fen: number; method: string; status: string; note: string }>(file,
        "SELECT pe.name, p.paid_on, p.cash_fen, p.method, p.status, p.note FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name <> '李强' ORDER BY p.id");
      expect(rows.map((r) => r.name)).toEqual(['张三', '李四', '王五', '赵六']);
      // A new row's date that cannot be read is kept in its 备注 (the row takes the entry date); so is an amount.
      expect(rows.map((r) => r.note)).toEqual([
        '甲', expect.stringMatching(/^【粘贴的发放日期“2017\/13\/1”无法识别，暂记为 .*，请核对】乙$/),
        expect.stringMatching(/^【粘贴的金额“0\.005”无法识别，请核对】【粘贴的发放日期“2017年2月30日”无法识别.*】丙$/), '【粘贴的金额“abc”无法识别，请核对】丁',
      ]);
      expect(rows.every((r) => r.method === '现金' && r.status === '登记')).toBe(true);
      expect(rows[0]).toMatchObject({ paid_on: '2017-07-01', cash_fen: 60_000 });
      // The readable cells of a row with a bad cell are taken; the bad one is not invented.
      expect(rows[1]!.cash_fen).toBe(70_000);
      expect(rows[1]!.paid_on).not.toContain('-13-');
      expect(rows[2]!.cash_fen).toBe(0);
      expect(rows[3]).toMatchObject({ paid_on: '2017-07-04', cash_fen: 0 });
      // One command: one undo step.
      expect(sqlAll<{ n: number }>(file, "SELECT count(*) AS n FROM commands WHERE kind = 'payments.pasted'")[0]!.n).toBe(1);

      // The clerk is told which rows and columns were not taken, in Chinese.
      const notice = page.locator('.notice').filter({ hasText: '已粘贴 4 行' });
      await notice.waitFor();
      const said = (await notice.textContent()) ?? '';
      expect(said).toContain('4 个单元格');
      expect(said).toContain('第2行“发放日期”（2017/13/1）');
      expect(said).toContain('第3行“发放日期”（2017年2月30日）');
      expect(said).toContain('第3行“金额（元）”（0.005）');
      expect(said).toContain('第4行“金额（元）”（abc）');
      expect(said).not.toContain('保存失败');
      // …and the cells are marked red, the tooltip naming the text pasted.
      await expect.poll(() => cell(page, '李四', 'paidOn').getAttribute('class')).toContain('cell-error');
      await expect.poll(() => cell(page, '赵六', 'cashFen').getAttribute('class')).toContain('cell-error');
      expect(await cell(page, '张三', 'paidOn').getAttribute('class')).not.toContain('cell-error');
      await cell(page, '赵六', 'cashFen').hover();
      await page.locator('.ag-tooltip').waitFor();
      expect(await page.locator('.ag-tooltip').textContent()).toContain('粘贴的金额“abc”无法识别');

      // Correcting the cell takes the mark away.
      await cell(page, '赵六', 'cashFen').dblclick();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('800');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '赵六', 'cashFen').textContent()).toBe('800.00');
      expect(await cell(page, '赵六', 'cashFen').getAttribute('class')).not.toContain('cell-error');
    } finally {
      await s.close();
    }
  });

  it('lookup: a full ID (or exact name) pre-chosen, ↓ then Enter takes the person and moves on within the same payment', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      for (const [typed, date] of [['530424198001019516', '2017-03-08'], ['李强', '2017-03-09']] as const) {
        await page.locator('.row-entry [col-id="personName"]').click();
        await typingReady(page);
        await page.keyboard.type(typed);
        await page.getByTestId('person-editor').locator('li[aria-selected="true"]', { hasText: '李强' }).waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        // Still the entry row, on 身份证号码 (the next cell), the person taken.
        await expect.poll(() => page.evaluate(() => {
          const c = document.querySelector('.ag-cell-focus');
          return `${c?.closest('.ag-row')?.classList.contains('row-entry')}|${c?.getAttribute('col-id')}`;
        })).toBe('true|idNumber');
        for (let i = 0; i < 6; i++) await page.keyboard.press('Tab'); // → 发放日期
        await page.keyboard.type(date);
        await page.keyboard.press('Tab');
        await page.keyboard.type('500');
        await page.keyboard.press('Enter');
        await saved(page);
      }
      const rows = sqlAll<{ name: string; category: string | null; paid_on: string; cash_fen: number }>(file,
        'SELECT pe.name, p.category, p.paid_on, p.cash_fen FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id');
      expect(rows).toEqual([
        { name: '李强', category: null, paid_on: '2017-02-01', cash_fen: 180_000 },
        { name: '李强', category: null, paid_on: '2017-03-08', cash_fen: 50_000 },
        { name: '李强', category: null, paid_on: '2017-03-09', cash_fen: 50_000 },
      ]);
    } finally {
      await s.close();
    }
  });

  it('copied rows carry masked IDs; pasted back, each names the same person (no person with a masked ID is created)', async () => {
    const file = makeLedger((tx, programId) => {
      const wang = createPerson(tx, { name: '王芳', idNumber: '530424197512030026' });
      applyPaymentEdits(tx, [{ personId: wang, cells: { paidOn: '2017-02-02', cashFen: '600', note: '甲' } }], { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '李强', 'note').click();
      await cell(page, '王芳', 'note').click({ modifiers: ['Shift'] });
      await page.keyboard.press('ControlOrMeta+C');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('530424********9516');
      await page.locator('.row-entry [col-id="personName"]').click();
      await page.keyboard.press('ControlOrMeta+V');
      await saved(page);
      await expect.poll(() => page.locator(BODY_ROWS).count()).toBe(4);
      expect(sqlAll(file, 'SELECT name, id_number FROM people ORDER BY id')).toEqual([
        { name: '李强', id_number: '530424198001019516' }, { name: '王芳', id_number: '530424197512030026' },
      ]);
      expect(sqlAll(file, 'SELECT pe.name, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id')).toEqual([
        { name: '李强', cash_fen: 180_000 }, { name: '王芳', cash_fen: 60_000 }, { name: '李强', cash_fen: 180_000 }, { name: '王芳', cash_fen: 60_000 },
      ]);
    } finally {
      await s.close();
    }
  });

  it('a new view (find text) clears the selection: Ctrl+Delete acts only on rows in view', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙', '丁'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    page.on('dialog', (d) => void d.accept());
    try {
      await cell(page, '职工甲', 'note').click();
      await cell(page, '职工乙', 'note').click({ modifiers: ['Shift'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（2）');
      await page.getByTestId('grid-search').fill('职工丁');
      await expect.poll(() => page.locator(BODY_ROWS).count()).toBe(1);
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（0）');
      await cell(page, '职工丁', 'note').click({ modifiers: ['ControlOrMeta'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（1）');
      await page.keyboard.press('ControlOrMeta+Delete');
      await expect.poll(() => sqlAll<{ name: string }>(file, 'SELECT pe.name FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => r.name))
        .toEqual(['李强', '职工甲', '职工乙', '职工丙']);
    } finally {
      await s.close();
    }
  });
  it('a move without Shift ends the selection: Delete and Ctrl+Delete then act on the focused row; the dialog names the rows (helper 47)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙', '丁'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    const cash = () => sqlAll<{ name: string; cash: number }>(file, 'SELECT pe.name, p.cash_fen AS cash FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.cash}`);
    try {
      // Shift+↓ twice over 职工甲..职工丙, then ↑ back into them: the selection is gone, Delete clears the focused cell only
      // (it cleared all three amounts).
      await cell(page, '职工甲', 'cashFen').click();
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（3）');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（0）');
      await page.keyboard.press('Delete');
      await expect.poll(cash).toEqual(['李强:180000', '职工甲:10000', '职工乙:0', '职工丙:30000', '职工丁:40000']);
      // Ctrl+Delete with rows selected: the dialog names them.
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（2）');
      await page.keyboard.press('ControlOrMeta+Delete');
      await expect.poll(cash).toEqual(['李强:180000', '职工甲:10000', '职工丁:40000']);
      expect(dialogs).toEqual(['确定删除所选的 2 条发放记录（职工乙、职工丙）？（可以撤销）']);
    } finally {
      await s.close();
    }
  });
  it('a block copied with its 序号 column, pasted on 姓名: the numbers are left out, each column lands in its own (helper 47)', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      await pasteText(page, '1\t赵一\t530424197503037779\t男\r\n2\t钱二\t\t女\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '复制的第一列是序号，已略去' }).count()).toBe(1);
      await expect.poll(() => sqlAll<{ name: string | null; id: string | null; gender: string | null }>(file, 'SELECT pe.name, pe.id_number AS id, pe.gender FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id'))
        .toEqual([{ name: '李强', id: '530424198001019516', gender: '男' }, { name: '赵一', id: '530424197503037779', gender: '男' }, { name: '钱二', id: null, gender: '女' }]);
      // With its header row, 1、 numbering and its 合计 line (helper 50: a person named 序号 was made, the block landed one off).
      await page.locator('.row-entry [col-id="personName"]').click();
      await pasteText(page, '序号\t姓名\t身份证号码\t性别\r\n1、\t孙三\t\t男\r\n2、\t李四\t\t女\r\n合计\t\t\t\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '复制的区域中有 2 行不是发放记录，没有粘贴：第1行（表头行“序号”）、第4行（合计行“合计”）' }).count()).toBe(1);
      await expect.poll(() => sqlAll<{ name: string | null; gender: string | null }>(file, 'SELECT pe.name, pe.gender FROM payments p LEFT JOIN people pe ON pe.id = p.person_id WHERE p.id > 3 ORDER BY p.id'))
        .toEqual([{ name: '孙三', gender: '男' }, { name: '李四', gender: '女' }]);
      expect(sqlAll(file, "SELECT count(*) AS n FROM people WHERE name IN ('序号', '合计', '姓名')")).toEqual([{ n: 0 }]);
    } finally {
      await s.close();
    }
  });

  it('a block with its 序号 column and a 合计 line pasted on list rows: the 合计 line is left out, the next payment untouched (helper 53)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'personName').click();
      await pasteText(page, '1\t赵一\t\t男\r\n2\t钱二\t\t女\r\n合计\t/\t/\t\r\n大写\t壹仟壹佰元整\r\n补报人员：\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '第3行（合计行“合计”）' }).count()).toBe(1);
      await expect.poll(() => sqlAll<{ name: string | null; cash: number }>(file, 'SELECT pe.name, p.cash_fen AS cash FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.cash}`))
        .toEqual(['李强:180000', '赵一:10000', '钱二:20000', '职工丙:30000']);
    } finally {
      await s.close();
    }
  });

  it('a roster pasted on the entry row with a numbered or counted section heading, 小计 | 共3人 and 大写 | 1800元 lines: only its payees are stored (helper 57)', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      const A = makeIdNumber('530424', '1975-03-03', 77, true);
      const B = makeIdNumber('530424', '1980-04-04', 42, false);
      const C = makeIdNumber('530424', '1968-06-06', 31, true);
      const D = makeIdNumber('530424', '1990-01-01', 13, true);
      const E = makeIdNumber('530424', '1972-02-02', 55, false);
      const line = (seq: string, name: string, id: string) => `${seq}\t${name}\t${id}\t`;
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      // (Helper 59: 附：, 第二部分：, a head count without brackets, a figure or a date in the ID column; a payee named 新增
      // with a masked ID is one.)
      await pasteText(page, [line('1', '赵一', A), line('2', '钱二', B), '补报人员:（1人）', '二、补报人员', line('3', '孙三', C), '小计\t\t共3人\t', '大写\t壹仟捌佰元整\t1800元\t',
        '附：补报人员', '第二部分：补报人员 1人', '合计\t3人\t125000.00\t', '合计\t\t20170601\t', line('4', '新增', '5304**********0017'),
        // Helper 63: a total, a numbered heading or a counted total with an ID (or a figure of 15 to 17 digits) in its ID
        // column is no payee either (合计 | ID | … | 1800 made a person 合计); a bare section word with an ID, 15 digits or
        // written with em dashes, still is.
        `\t合计\t${D}\t`, '本页小计\t\t530424197503037\t', `二、补报人员\t\t${D}\t`, '\t合计：3人\t53042419900101013\t', `\t合计\t身份证号：${D}\t`,
        `\t合计\t'${D}\t`, line('5', '补报', '530424750303771'), line('6', '续发', `${E.slice(0, 6)}—${E.slice(6, 14)}—${E.slice(14)}`)].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '第7行（合计行“大写”）' }).count()).toBe(1);
      expect(sqlAll<{ name: string }>(file, 'SELECT name FROM people ORDER BY id').map((r) => r.name)).toEqual(['李强', '赵一', '钱二', '孙三', '新增', '补报', '续发']);
      expect(sqlAll<{ n: number }>(file, 'SELECT count(*) AS n FROM payments')[0]!.n).toBe(7);
      expect(sqlAll<{ id: string }>(file, "SELECT id_number AS id FROM people WHERE name IN ('补报', '续发') ORDER BY people.id").map((r) => r.id.slice(0, 17))).toEqual(['53042419750303771', E.slice(0, 17)]);
    } finally {
      await s.close();
    }
  });

  it('a WPS roster with a two-line header pasted on the entry row: the header’s second line (… | 现金 under 金额) makes no empty payment (helper 63)', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      const A = makeIdNumber('530424', '1975-03-03', 77, true);
      const B = makeIdNumber('530424', '1980-04-04', 42, false);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      // 姓名 … 金额（元） on the first header line, 现金 (the amount's sub-heading) alone on the second, under 金额.
      await pasteText(page, ['姓名\t身份证号码\t性别\t工作单位\t\t\t\t发放日期\t金额（元）', '\t\t\t\t\t\t\t\t现金',
        `赵一\t${A}\t男\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500`, `钱二\t${B}\t女\t华宁县水泥厂工会\t\t\t\t2017-06-01\t600`].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '第2行（没有姓名、身份证号和金额：现金）' }).count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll<{ name: string | null; cash: number }>(file, 'SELECT pe.name, p.cash_fen AS cash FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.cash}`))
      .toEqual(['李强:180000', '赵一:50000', '钱二:60000']);
  });

  it('a roster block whose first line is the header’s second line, with a column-number line, a （18位） line, a blank line and a payee known by ID only (续发 in 备注): only its payees are stored (helper 66)', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      const A = makeIdNumber('530424', '1975-03-03', 77, true);
      const B = makeIdNumber('530424', '1980-04-04', 42, false);
      const C = makeIdNumber('530424', '1968-06-06', 31, true);
      // 序号 | 姓名 | 身份证号 | 性别 | 单位 | … | 发放日期 | 金额 | … | 备注 (the 序号 column is left out on 姓名).
      const row = (seq: string, name: string, id: string, cash: string, note = '') => `${seq}\t${name}\t${id}\t\t宁州街道工会\t\t\t\t2017-06-01\t${cash}\t\t\t\t\t\t${note}`;
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await pasteText(page, ['\t\t\t\t\t\t\t\t\t现金', '甲\t乙\t1\t2\t3\t4\t5\t6\t7\t8', row('1', '赵一', A, '500'), '\t\t（18位）\t（男/女）\t\t\t\t\t\t现金',
        row('2', '钱二', B, '600'), '', row('3', '', '530424198001019516', '409', '续发'), row('4', '孙三', C, '700')].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '表头下的列序号行' }).count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll<{ name: string | null; cash: number; note: string | null }>(file, 'SELECT pe.name, p.cash_fen AS cash, p.note FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.cash}:${r.note ?? ''}`))
      .toEqual(['李强:180000:', '赵一:50000:', '钱二:60000:', '李强:40900:续发', '孙三:70000:']);
  });

  it('a roster block pasted on rows of the list: its header’s second line and its blank line leave the rows they land on as they were (helper 66: they emptied them)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}`, category: '因病' } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      const A = makeIdNumber('530424', '1975-03-03', 77, true);
      await cell(page, '职工甲', 'personName').click();
      await pasteText(page, ['\t\t\t\t\t\t\t\t现金', '', `赵一\t${A}\t男\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500`].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '第2行（空行）' }).count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll<{ name: string | null; cash: number; category: string | null }>(file, 'SELECT pe.name, p.cash_fen AS cash, p.category FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.cash}:${r.category ?? ''}`))
      .toEqual(['李强:180000:', '职工甲:10000:因病', '职工乙:20000:因病', '赵一:50000:']);
  });

  it('after helper 72’s check: 1 | 2 | 3 pasted alone on 现金 | 实物 | 实物说明 are values; a block with IDs and no names is a roster (its blank line leaves the row it lands on); names and amounts as two columns register no one with the ID 500', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}`, category: '因病' } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '李强', 'cashFen').click();
      await pasteText(page, '1\t2\t3\r\n');
      await saved(page);
      await expect.poll(() => sqlAll(file, 'SELECT cash_fen, goods_fen, goods_desc FROM payments WHERE id = 1')).toEqual([{ cash_fen: 100, goods_fen: 200, goods_desc: '3' }]);
      // 职工甲's row: an ID-only block (ID | … | 金额) with a blank line.
      const A = makeIdNumber('530424', '1975-03-03', 77, true);
      const C = makeIdNumber('530424', '1968-06-06', 31, true);
      await cell(page, '职工甲', 'idNumber').click();
      await pasteText(page, [`${A}\t\t\t\t\t\t\t2017-06-01\t500`, '', `${C}\t\t\t\t\t\t\t2017-06-01\t700`].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '第2行（空行）' }).count()).toBe(1);
      expect(sqlAll<{ name: string | null; cash: number }>(file, "SELECT pe.name, p.cash_fen AS cash FROM payments p LEFT JOIN people pe ON pe.id = p.person_id WHERE p.id = 3").map((r) => `${r.name}:${r.cash}`)).toEqual(['职工乙:20000']);
      // A line with only 女 under 性别, or only a remark, in an ID block, landing on 职工甲's row: left out and said, the row as
      // it was (pasted, its blank cells cleared the row's amount and 类别, a remark alone its payee; helpers 76, 78).
      const secondRow = "SELECT pe.gender, p.cash_fen, p.category FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.id = 2";
      const before = sqlAll(file, secondRow);
      await cell(page, '李强', 'idNumber').click();
      await pasteText(page, ['530424198001019516\t\t\t\t\t\t\t2017-02-01\t1800', '\t女\t\t\t\t\t\t\t'].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '没有姓名、身份证号和金额：女' }).count()).toBe(1);
      expect(sqlAll(file, secondRow)).toEqual(before);
      // A remark alone (（续上）, under 备注) before a payee, from 姓名 on 职工乙's row: 职工乙 keeps his payment.
      await cell(page, '职工乙', 'personName').click();
      await pasteText(page, [`${'\t'.repeat(14)}（续上）`, `赵九\t${makeIdNumber('530424', '1979-09-09', 19, true)}\t\t宁州街道工会\t\t\t\t2017-06-01\t900`].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '没有姓名、身份证号和金额：（续上）' }).count()).toBe(1);
      expect(sqlAll(file, "SELECT p.cash_fen, p.category, p.note FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = '职工乙'")).toEqual([{ cash_fen: 20_000, category: '因病', note: null }]);
      // Names and amounts as two columns on the entry row: the amounts land in 身份证号 and are said not to be IDs.
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await pasteText(page, '赵六\t500\r\n钱七\t600\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '“500”不是身份证号码' }).count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, "SELECT name, id_number FROM people WHERE name IN ('赵六', '钱七') ORDER BY id")).toEqual([{ name: '赵六', id_number: null }, { name: '钱七', id_number: null }]);
  });

  it('a block of IDs whose header line has 现金 under 慰问品, pasted on a row of the list, leaves that row as it was (helper 76: it emptied 李强’s payment)', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '李强', 'idNumber').click();
      // From 身份证号: ID | 性别 | 单位 | 项目 | 对象类别 | 困难类别 | 发放日期 | 金额 | 慰问品.
      await pasteText(page, ['\t\t\t\t\t\t\t\t现金', `${makeIdNumber('530424', '1975-03-03', 77, true)}\t\t\t\t\t\t2017-06-01\t500\t`].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => page.locator('.notice', { hasText: '没有姓名、身份证号和金额' }).count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT p.person_id, p.cash_fen FROM payments p WHERE p.id = 1')).toEqual([{ person_id: 1, cash_fen: 180_000 }]);
  });

  it('a 备注 column pasted on list rows keeps a note that begins 共计 or 合计 in its place (helper 51: it was left out and the notes below moved up)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'note').click();
      await pasteText(page, '住院慰问\r\n共计慰问两次\r\n节日慰问\r\n');
      await saved(page);
      await expect.poll(() => sqlAll<{ name: string; note: string | null }>(file, 'SELECT pe.name, p.note FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id').map((r) => `${r.name}:${r.note}`))
        .toEqual(['李强:null', '职工甲:住院慰问', '职工乙:共计慰问两次', '职工丙:节日慰问']);
    } finally {
      await s.close();
    }
  });

  it('Ctrl+D on rows picked one by one (Ctrl+click) fills nothing and says why (helper 50: it filled them from the first, skipping those between)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '李强', 'cashFen').click();
      await cell(page, '职工乙', 'cashFen').click({ modifiers: ['ControlOrMeta'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（2）');
      await page.keyboard.press('ControlOrMeta+D');
      await expect.poll(() => page.locator('.notice', { hasText: '所选的行不相连' }).count()).toBe(1);
      expect(sqlAll<{ cash: number }>(file, 'SELECT cash_fen AS cash FROM payments ORDER BY id').map((r) => r.cash)).toEqual([180_000, 10_000, 20_000, 30_000]);
    } finally {
      await s.close();
    }
  });
  it('free text keeps the Chinese punctuation typed: 备注 （重点）困难：是，已核实！ is stored and shown as typed', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      const typed = '（重点）困难：是，已核实！';
      await cell(page, '李强', 'note').click();
      await imeType(page, 'zhongdian', typed);
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'note').textContent()).toBe(typed);
      expect(sqlAll<{ note: string }>(file, 'SELECT note FROM payments')).toEqual([{ note: typed }]);
      // Amounts and dates typed full-width are still read.
      await cell(page, '李强', 'cashFen').click();
      await imeType(page, 'x', '１，２００．５０');
      await page.keyboard.press('Enter');
      await saved(page);
      expect(sqlAll<{ cash_fen: number }>(file, 'SELECT cash_fen FROM payments')).toEqual([{ cash_fen: 120_050 }]);
    } finally {
      await s.close();
    }
  });
  it('one cell pasted onto several selected rows fills every selected row, as Excel/WPS do (one undo step)', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙', '丁'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}`, note: `备注${n}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'note').click();
      await cell(page, '职工丁', 'note').click({ modifiers: ['Shift'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（4）');
      await pasteText(page, '已核实\r\n');
      await saved(page);
      await expect.poll(() => sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments ORDER BY id').map((r) => r.note))
        .toEqual([null, '已核实', '已核实', '已核实', '已核实']);
      expect(sqlAll<{ n: number }>(file, "SELECT count(*) AS n FROM commands WHERE kind = 'payments.pasted'")[0]!.n).toBe(1);
      await expect.poll(() => cell(page, '职工丙', 'note').textContent()).toBe('已核实');
    } finally {
      await s.close();
    }
  });
  it('after undo with a sort, focus follows the payment it was on: the next edit goes to the same person', async () => {
    const file = makeLedger((tx, programId) => {
      applyPaymentEdits(tx, ['甲', '乙', '丙', '丁', '戊'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备');
    });
    const s = await open(file);
    const { page } = s;
    const at = (i: number, col: string) => page.locator(`${BODY_ROWS}[row-index="${i}"] [col-id="${col}"]`);
    try {
      const header = page.locator('.ag-header-cell[col-id="cashFen"] .ag-header-cell-label');
      await header.click();
      await header.click();
      await expect.poll(() => at(1, 'personName').textContent()).toBe('职工戊');
      await at(1, 'cashFen').click();
      for (const v of ['50', '40']) {
        await typingReady(page);
        await page.keyboard.type(v);
        await page.keyboard.press('Enter');
      }
      await saved(page);
      // Focus on 职工丙 (row 3); undo 职工丁's 40: 丁 goes back up, 丙 moves to row 2.
      await expect.poll(() => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.textContent ?? '')).toContain('职工丙');
      await page.keyboard.press('ControlOrMeta+Z');
      await saved(page);
      await expect.poll(() => at(1, 'personName').textContent()).toBe('职工丁');
      await expect.poll(() => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.textContent ?? '')).toContain('职工丙');
      await typingReady(page);
      await page.keyboard.type('77');
      await page.keyboard.press('Enter');
      await saved(page);
      expect(sqlAll<{ name: string; cash_fen: number }>(file, "SELECT pe.name, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name LIKE '职工%' ORDER BY p.id"))
        .toEqual([{ name: '职工甲', cash_fen: 10_000 }, { name: '职工乙', cash_fen: 20_000 }, { name: '职工丙', cash_fen: 7_700 }, { name: '职工丁', cash_fen: 40_000 }, { name: '职工戊', cash_fen: 5_000 }]);
    } finally {
      await s.close();
    }
  });
});
