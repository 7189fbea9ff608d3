/**
 * 性别 chosen on the entry row before the person (helper 63's sweep of 664b251): the choice can be taken back, goes with
 * a name pasted, never changes a registered person of the other 性别 behind the clerk's back, and its notices go once
 * the entry is stored.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imeType, saved, typingReady } from './grid-helpers.ts';
import { liQiangLedger, openWithClipboard, pasteText } from './grid-ledger.ts';
import { launchBrowser, sqlAll } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const entryCell = (page: Page, col: string) => page.locator(`.row-entry [col-id="${col}"]`);
const notices = (page: Page, text: string) => page.locator('.notice', { hasText: text }).count();
const saveState = (page: Page) => page.getByTestId('save-state').textContent();

/** The app on 李强's ledger (grid-ledger.ts): `act` on its page; the ledger file, to check once the page is closed. */
async function onLedger(act: (page: Page, file: string) => Promise<void>): Promise<string> {
  const file = liQiangLedger();
  const s = await openWithClipboard(browser, file);
  try {
    await act(s.page, file);
  } finally {
    await s.close();
  }
  return file;
}

/** 性别 女 chosen on the entry row, with no one named: refused by the ledger, kept on the row, marked. */
async function chooseFemaleFirst(page: Page): Promise<void> {
  await entryCell(page, 'gender').click();
  await typingReady(page);
  await page.keyboard.type('女');
  await expect.poll(() => notices(page, '请先填写姓名')).toBe(1);
  await expect.poll(() => entryCell(page, 'gender').textContent()).toBe('女');
}

describe('性别 chosen on the entry row before the person', () => {
  it('Delete takes it back: the mark, the notice and 未保存 go, and the name is then stored without it', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await expect.poll(() => saveState(page)).toContain('未保存');
      await entryCell(page, 'gender').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => entryCell(page, 'gender').textContent()).toBe('');
      await expect.poll(() => notices(page, '请先填写姓名')).toBe(0);
      await saved(page);
      await entryCell(page, 'personName').click();
      await imeType(page, 'wangfang', '王芳');
      await page.keyboard.press('Enter');
      await saved(page);
    });
    expect(sqlAll(file, "SELECT name, gender FROM people WHERE name = '王芳'")).toEqual([{ name: '王芳', gender: null }]);
  });

  it('a registered 李强 (男) chosen after it: refused and said, 李强 stays 男; with the 性别 cleared, his payment is stored', async () => {
    const file = await onLedger(async (page, ledgerFile) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'personName').click();
      await imeType(page, 'liqiang', '李强');
      await expect.poll(() => page.getByTestId('person-editor').locator('li.active').textContent()).toContain('李强');
      await page.keyboard.press('Enter');
      await expect.poll(() => notices(page, '“李强”登记的性别为“男”，与填写的“女”不符')).toBe(1);
      expect(sqlAll(ledgerFile, 'SELECT gender FROM people WHERE name = ?', '李强')).toEqual([{ gender: '男' }]);
      expect(sqlAll(ledgerFile, 'SELECT count(*) AS n FROM payments')).toEqual([{ n: 1 }]);
      // The 性别 taken back, Enter on the marked 姓名 stores the payment to 李强 as he is registered.
      await entryCell(page, 'gender').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => entryCell(page, 'gender').textContent()).toBe('');
      await entryCell(page, 'personName').click();
      await page.keyboard.press('F2');
      await typingReady(page);
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => notices(page, '登记的性别为')).toBe(0);
    });
    expect(sqlAll(file, 'SELECT pe.name, pe.gender FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id')).toEqual([
      { name: '李强', gender: '男' }, { name: '李强', gender: '男' },
    ]);
  });

  it('a name pasted after it takes it: 王芳 is stored 女 and the status says 已保存', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, '王芳');
      await saved(page);
      await expect.poll(() => notices(page, '请先填写姓名')).toBe(0);
    });
    expect(sqlAll(file, 'SELECT pe.name, pe.gender FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = ?', '王芳')).toEqual([{ name: '王芳', gender: '女' }]);
  });

  it('then an unregistered ID of a man and the name: stored as keyed, marked red, and both refusals’ notices go', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'idNumber').click();
      await typingReady(page);
      // 530424198505050218: a man by his ID.
      await page.keyboard.type('530424198505050218');
      await page.keyboard.press('Enter');
      await expect.poll(() => notices(page, '尚未登记')).toBe(1);
      await entryCell(page, 'personName').click();
      await imeType(page, 'wangfang', '王芳');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => notices(page, '请先填写姓名')).toBe(0);
      await expect.poll(() => notices(page, '尚未登记')).toBe(0);
    });
    expect(sqlAll(file, "SELECT name, gender, id_number FROM people WHERE name = '王芳'")).toEqual([{ name: '王芳', gender: '女', id_number: '530424198505050218' }]);
    expect(sqlAll(file, "SELECT i.code FROM payment_issues i JOIN payments p ON p.id = i.payment_id JOIN people pe ON pe.id = p.person_id WHERE pe.name = '王芳'")).toContainEqual({ code: 'gender_mismatch' });
  });
});

describe('性别 chosen, then more (helper 66’s sweep of 3fa941f)', () => {
  it('a whole row pasted after it, its 性别 cell blank, takes the 女', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, '赵一\t\t\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500');
      await saved(page);
    });
    expect(sqlAll(file, 'SELECT pe.name, pe.gender, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = ?', '赵一')).toEqual([{ name: '赵一', gender: '女', cash_fen: 50_000 }]);
  });

  it('with an unregistered ID also marked: Delete on 性别 takes down the 性别’s notice only', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'idNumber').click();
      await typingReady(page);
      await page.keyboard.type('530424198505050218');
      await page.keyboard.press('Enter');
      await expect.poll(() => notices(page, '尚未登记')).toBe(1);
      await entryCell(page, 'gender').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => notices(page, '请先填写姓名')).toBe(0);
      expect(await notices(page, '尚未登记')).toBe(1);
      expect(await entryCell(page, 'idNumber').textContent()).toContain('530424');
    });
  });
});

describe('性别 chosen, then a roster block pasted (helper 72’s sweep)', () => {
  it('a block starting with a blank line and the header’s 现金 line: the first payee takes the 女 (it went to an empty payment)', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, ['', '\t\t\t\t\t\t\t\t现金', '王芳\t\t\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500', '赵一\t\t\t华宁县水泥厂工会\t\t\t\t2017-06-01\t600'].join('\r\n') + '\r\n');
      await saved(page);
      await expect.poll(() => notices(page, '请先填写姓名')).toBe(0);
    });
    expect(sqlAll(file, 'SELECT pe.name, pe.gender, p.cash_fen FROM payments p LEFT JOIN people pe ON pe.id = p.person_id WHERE p.id > 1 ORDER BY p.id')).toEqual([
      { name: '王芳', gender: '女', cash_fen: 50_000 }, { name: '赵一', gender: null, cash_fen: 60_000 },
    ]);
  });

  it('a row with a man’s ID and a blank 性别: the 女 is not used, and said; he is stored 男', async () => {
    const file = await onLedger(async (page) => {
      await chooseFemaleFirst(page);
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, '赵一\t53042419750303077X\t\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500');
      await saved(page);
      await expect.poll(() => notices(page, '录入行所选的性别“女”与粘贴的身份证号（男）不符，未采用')).toBe(1);
    });
    expect(sqlAll(file, "SELECT name, gender FROM people WHERE name = '赵一'")).toEqual([{ name: '赵一', gender: '男' }]);
  });
});

describe('after helper 74’s check', () => {
  it('a row with an ID pasted on a blank entry row says nothing of a 性别 chosen (none was)', async () => {
    const file = await onLedger(async (page) => {
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, '钱二\t530424198004040425\t\t华宁县水泥厂工会\t\t\t\t2017-06-01\t600');
      await saved(page);
      await expect.poll(() => notices(page, '已粘贴 1 行')).toBe(1);
      expect(await notices(page, '录入行所选的性别')).toBe(0);
    });
    expect(sqlAll(file, "SELECT name, gender FROM people WHERE name = '钱二'")).toEqual([{ name: '钱二', gender: '女' }]);
  });
});

describe('a row pasted on the entry row with 性别 and no one named', () => {
  it('is saved without a person and the 性别 is listed, not lost unsaid', async () => {
    const file = await onLedger(async (page) => {
      await entryCell(page, 'personName').click();
      await typingReady(page);
      await pasteText(page, '\t\t女\t华宁县水泥厂工会\t\t\t\t2017-06-01\t500');
      await saved(page);
      await expect.poll(() => notices(page, '性别“女”无处登记')).toBe(1);
    });
    expect(sqlAll(file, 'SELECT person_id, cash_fen FROM payments WHERE person_id IS NULL')).toEqual([{ person_id: null, cash_fen: 50_000 }]);
  });
});
