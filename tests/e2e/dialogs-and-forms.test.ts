/**
 * Dialogs and forms as a clerk uses and leaves them, in Chromium through the bridge (helper 110): every
 * modal dialog takes the focus, keeps it (Tab goes round inside), closes on Esc and blocks the page behind
 * it (the payments screen's 发放 / 退回登记 confirmations, and every other dialog); a form with unsaved
 * changes (the program form, the office settings) asks 保存 / 不保存 / 取消 before it is left.
 * Screenshots go to tests/.artifacts/.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { createHousehold } from '../../electron/core/services/households.ts';
import { createModelWorker } from '../../electron/core/services/modelWorkers.ts';
import { applyPaymentEdits, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { setSettings } from '../../electron/core/services/settings.ts';
import { tempDir } from '../helpers/ledger.ts';
import { BODY_ROWS, cell, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function newLedger(build?: (ledger: Ledger) => void): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'settings.set', label: '设置', source: 'system' }, (tx) =>
    setSettings(tx, { officeName: '华宁县总工会', regionCode: '530424', clerkName: '王会计', approverName: '李春华', leaderName: '张建国' }),
  );
  build?.(ledger);
  ledger.close();
  return file;
}

function sql<T>(file: string, query: string, ...params: unknown[]): T {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(query).get(...params) as T;
  } finally {
    db.close();
  }
}

async function go(page: Page, screen: string): Promise<void> {
  await page.locator(`.nav-item[data-screen="${screen}"]`).click();
}

/** The focus is inside the dialog `testId`. */
function focusIn(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => !!document.querySelector(`[data-testid="${id}"]`)?.contains(document.activeElement), testId);
}

/** What has the focus: its test id, else its tag and text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.dataset.testid ?? `${el?.tagName.toLowerCase()}:${el?.textContent?.trim().slice(0, 40) ?? ''}`;
  });
}

/**
 * The dialog has the focus and keeps it: Tab and Shift+Tab go round inside it (never to the page behind),
 * the page behind takes no focus and no click (the nav bar: the screen stays).
 */
async function expectModal(page: Page, testId: string, screen: string): Promise<void> {
  await expect.poll(() => focusIn(page, testId)).toBe(true);
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    expect(await focusIn(page, testId), `Tab ${i + 1} left the dialog for ${await focused(page)}`).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusIn(page, testId), `Shift+Tab ${i + 1} left the dialog for ${await focused(page)}`).toBe(true);
  }
  expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(true);
  // A click where the nav bar is: the backdrop takes it, the screen stays, the focus stays in the dialog.
  const box = (await page.locator('.nav-item[data-screen="settings"]').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  expect(await page.locator('.nav-item.active').getAttribute('data-screen')).toBe(screen);
  expect(await focusIn(page, testId)).toBe(true);
}

/** Esc closes the dialog; the page behind is live again. */
async function escCloses(page: Page, testId: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId(testId).count()).toBe(0);
  expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(false);
}

describe('modal dialogs', () => {
  it('发放 and 退回登记 take the focus on 确定, keep it, close on Esc, confirm on Enter, and block the grid behind', async () => {
    const file = newLedger((ledger) => {
      ledger.run({ kind: 't', label: '准备', source: 'system' }, (tx) => {
        const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
        const { created } = applyPaymentEdits(tx, [
          { cells: { personName: '王芳', idNumber: '530424197512030026', paidOn: '2017-01-20', cashFen: '500' } },
          { cells: { personName: '李强', idNumber: '530424198001019516', paidOn: '2017-01-21', cashFen: '600' } },
          { cells: { personName: '赵四', paidOn: '2017-01-22', cashFen: '700' } },
        ], { programId: swn }, '准备');
        setPaymentStatus(tx, created, '已审核', '李春华');
      });
    });
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await expect.poll(() => cell(page, '赵四', 'status').textContent()).toBe('已审核');
      const rows = page.locator(BODY_ROWS);
      await rows.nth(0).locator('[col-id="note"]').click();
      await rows.nth(1).locator('[col-id="note"]').click({ modifiers: ['Shift'] });
      const chosen = await Promise.all([0, 1].map((i) => rows.nth(i).locator('[col-id="personName"]').textContent()));
      const other = ['王芳', '李强', '赵四'].find((n) => !chosen.includes(n))!;

      // 发放: the focus on 确定 (not on the toolbar behind), Tab stays inside, Esc closes, nothing changed.
      await page.getByTestId('approve-已发放').click();
      await page.getByTestId('approval-dialog').waitFor();
      await expect.poll(() => focused(page)).toBe('approval-confirm');
      await screenshot(page, 'dialogs-pay-focus');
      await expectModal(page, 'approval-dialog', 'payments');
      // Enter on whatever the Tabs reached in the dialog (取消 or 确定) never opens another dialog from the toolbar.
      expect(await page.getByTestId('approval-dialog').locator('h2').textContent()).toBe('发放');
      await escCloses(page, 'approval-dialog');
      expect(sqlAll<{ status: string }>(file, 'SELECT DISTINCT status FROM payments')).toEqual([{ status: '已审核' }]);
      // The focus is back on the button that opened it.
      expect(await focused(page)).toBe('approve-已发放');

      // 退回登记 the same; Enter confirms it.
      await page.getByTestId('approve-登记').click();
      await page.getByTestId('approval-dialog').waitFor();
      await expect.poll(() => focused(page)).toBe('approval-confirm');
      await expectModal(page, 'approval-dialog', 'payments');
      await escCloses(page, 'approval-dialog');
      await page.getByTestId('approve-登记').click();
      await expect.poll(() => focused(page)).toBe('approval-confirm');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('approval-dialog').count()).toBe(0);
      for (const name of chosen) await expect.poll(() => cell(page, name!, 'status').textContent()).toBe('登记');
      expect(await cell(page, other, 'status').textContent()).toBe('已审核');

      // 发放 confirmed with Enter: the one still 已审核.
      await cell(page, other, 'note').click();
      await page.getByTestId('approve-已发放').click();
      await expect.poll(() => focused(page)).toBe('approval-confirm');
      await page.keyboard.press('Enter');
      await expect.poll(() => cell(page, other, 'status').textContent()).toBe('已发放');

      // 审核 keeps its field focused; 冲正 its reason; both trap the focus and close on Esc.
      await cell(page, chosen[0]!, 'note').click();
      await page.getByTestId('approve-已审核').click();
      await expect.poll(() => focused(page)).toBe('approver');
      await expectModal(page, 'approval-dialog', 'payments');
      await escCloses(page, 'approval-dialog');
      expect(await focused(page)).toBe('approve-已审核');
      await cell(page, other, 'note').click();
      await expect.poll(() => page.getByTestId('reverse').isDisabled()).toBe(false);
      await page.getByTestId('reverse').click();
      await expect.poll(() => focused(page)).toBe('reverse-reason');
      await expectModal(page, 'approval-dialog', 'payments');
      await escCloses(page, 'approval-dialog');
    } finally {
      await s.close();
    }
    expect(sqlAll<{ name: string; status: string }>(file, 'SELECT pe.name, p.status FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.paid_on').map((r) => r.status).sort())
      .toEqual(['已发放', '登记', '登记']);
  });

  it('every other dialog: 新建档案, the file\'s 编辑 / 变更状态 / 复核 / 添加成员, 新建劳模, 生成补助, 新建人员 from the grid', async () => {
    const file = newLedger((ledger) => {
      ledger.run({ kind: 't', label: '准备', source: 'system' }, (tx) => {
        createHousehold(tx, { fileNo: '530424-2017-009', filedOn: '2017-01-05', otherCauses: [] }, [{ relation: '户主', person: { name: '孙建华', idNumber: '530424196805120017' } }]);
        const people = applyPaymentEdits(tx, [{ cells: { personName: '周劳模', idNumber: '530424197003150012', paidOn: '2017-03-01', cashFen: '100' } }], {
          programId: createProgram(tx, { code: '2017-LJ', name: '2017年劳模两金', year: 2017, kind: '劳模补助', rules: [], standards: [{ recipientKind: '困难劳模', cashFen: 250_000 }] }),
        }, '准备');
        const personId = (tx.get('payments', people.created[0]!) as { person_id: number }).person_id;
        createModelWorker(tx, { personId, honourLevel: '省部级', title: '省劳动模范', yearAwarded: 2001, awardingBody: null, subsidyKind: '两金', inHardship: true });
      });
    });
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      // 新建人员, offered by the 姓名 lookup for a valid ID nobody has (typed on the entry row).
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('530424197512030026');
      await page.getByTestId('offer-create-person').waitFor();
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('create-person-dialog').waitFor();
      await expect.poll(() => focused(page)).toBe('create-person-name');
      await expectModal(page, 'create-person-dialog', 'payments');
      await escCloses(page, 'create-person-dialog');

      await go(page, 'people');
      await page.getByTestId('new-household').click();
      await page.getByTestId('household-dialog').waitFor();
      await expect.poll(() => focused(page)).toBe('hh-file-no');
      await expectModal(page, 'household-dialog', 'people');
      await escCloses(page, 'household-dialog');

      await page.getByTestId('people-search').fill('孙建华');
      await page.locator('[data-testid="people-grid"] .ag-row', { hasText: '孙建华' }).getByTestId('open-household').click();
      const panel = page.getByTestId('household-panel');
      await panel.getByTestId('household-members').waitFor();
      for (const [button, testId] of [['编辑档案', 'household-edit-dialog'], ['变更状态', 'household-status-dialog'], ['复核', 'household-review-dialog'], ['添加成员', 'household-members-dialog']] as const) {
        await panel.getByRole('button', { name: button, exact: true }).click();
        await page.getByTestId(testId).waitFor();
        await expectModal(page, testId, 'people');
        await escCloses(page, testId);
      }

      await go(page, 'modelWorkers');
      await page.getByTestId('mw-create').click();
      await page.getByTestId('mw-dialog').waitFor();
      await expectModal(page, 'mw-dialog', 'modelWorkers');
      await escCloses(page, 'mw-dialog');
      await page.getByTestId('mw-round').click();
      await page.getByTestId('round-dialog').waitFor();
      await expect.poll(() => page.getByTestId('round-summary').count()).toBe(1);
      await expectModal(page, 'round-dialog', 'modelWorkers');
      await screenshot(page, 'dialogs-round-focus');
      await escCloses(page, 'round-dialog');
    } finally {
      await s.close();
    }
  });
});

describe('forms with unsaved changes', () => {
  /** Two 2017 programs: 春节送温暖 with a yearly cap (累计范围 本项目), 金秋助学. */
  const twoPrograms = () => newLedger((ledger) => {
    ledger.run({ kind: 't', label: '准备', source: 'system' }, (tx) => {
      createProgram(tx, {
        code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖',
        rules: [{ kind: 'max_cash_per_person_year', amountFen: 100_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' }],
      });
      createProgram(tx, { code: '2017-JQZX', name: '2017年金秋助学', year: 2017, kind: '助学' });
    });
  });
  const prompt = (page: Page) => page.getByTestId('leave-prompt');
  const formName = (page: Page) => page.getByTestId('program-name').inputValue();

  it('the program form asks 保存 / 不保存 / 取消 before another program, 新建项目 or another screen takes its place', async () => {
    const file = twoPrograms();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await go(page, 'programs');
      const list = page.getByTestId('program-list');
      await list.getByText('2017年春节送温暖').click();
      await expect.poll(() => formName(page)).toBe('2017年春节送温暖');
      await page.getByTestId('program-note').fill('县财政追加拨款');
      // Another program from the list: asked, the focus on 保存.
      await list.getByText('2017年金秋助学').click();
      await prompt(page).waitFor();
      expect(await prompt(page).textContent()).toContain('“2017年春节送温暖”有未保存的修改');
      await expect.poll(() => focused(page)).toBe('leave-save');
      await screenshot(page, 'forms-program-leave-prompt');
      // 取消 (here Esc): the form as it was, the note still typed.
      await page.keyboard.press('Escape');
      await expect.poll(() => prompt(page).count()).toBe(0);
      expect(await formName(page)).toBe('2017年春节送温暖');
      expect(await page.getByTestId('program-note').inputValue()).toBe('县财政追加拨款');
      // 不保存: the other program opens; the note was dropped, as chosen.
      await list.getByText('2017年金秋助学').click();
      await page.getByTestId('leave-discard').click();
      await expect.poll(() => formName(page)).toBe('2017年金秋助学');
      // Nothing unsaved: no question.
      await list.getByText('2017年春节送温暖').click();
      await expect.poll(() => formName(page)).toBe('2017年春节送温暖');
      expect(await prompt(page).count()).toBe(0);
      expect(await page.getByTestId('program-note').inputValue()).toBe('');

      // The cap rule's 累计范围 changed, then 新建项目: 保存 saves it, then the new form opens.
      await page.getByTestId('rule-0-scope').selectOption('all');
      await page.getByTestId('program-note').fill('范围改为所有项目');
      await page.getByTestId('new-program').click();
      await prompt(page).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('program-code').inputValue()).toBe('');
      expect(sqlAll(file, "SELECT r.scope, p.note FROM program_rules r JOIN programs p ON p.id = r.program_id WHERE p.code = '2017-SWN'")).toEqual([{ scope: 'all', note: '范围改为所有项目' }]);

      // A new program half typed, then another screen: 取消 stays; 保存 that fails (no name) stays with the reason;
      // 不保存 goes.
      await page.getByTestId('program-code').fill('2017-KN');
      await go(page, 'payments');
      await prompt(page).waitFor();
      await page.getByTestId('leave-cancel').click();
      await expect.poll(() => prompt(page).count()).toBe(0);
      expect(await page.locator('.nav-item.active').getAttribute('data-screen')).toBe('programs');
      expect(await page.getByTestId('program-code').inputValue()).toBe('2017-KN');
      await go(page, 'payments');
      await page.getByTestId('leave-save').click();
      await page.getByTestId('program-error').waitFor();
      expect(await page.locator('.nav-item.active').getAttribute('data-screen')).toBe('programs');
      await go(page, 'payments');
      await page.getByTestId('leave-discard').click();
      await waitForGrid(page);
      expect(await page.locator('.nav-item.active').getAttribute('data-screen')).toBe('payments');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT code FROM programs ORDER BY code')).toEqual([{ code: '2017-JQZX' }, { code: '2017-SWN' }]);
  });

  it('the office settings ask before the 代码表 tab or another screen; 保存 saves, 不保存 drops', async () => {
    const file = newLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await go(page, 'settings');
      await page.getByTestId('setting-officeName').fill('华宁县总工会（帮扶中心）');
      await page.getByTestId('tab-codes').click();
      await prompt(page).waitFor();
      expect(await prompt(page).textContent()).toContain('“单位与界面”有未保存的修改');
      await screenshot(page, 'forms-settings-leave-prompt');
      await page.getByTestId('leave-save').click();
      await page.getByTestId('code-table').waitFor();
      expect(sql<{ value: string }>(file, "SELECT value FROM settings WHERE key = 'officeName'").value).toBe('华宁县总工会（帮扶中心）');
      await page.getByTestId('tab-office').click();
      await expect.poll(() => page.getByTestId('setting-officeName').inputValue()).toBe('华宁县总工会（帮扶中心）');
      await page.getByTestId('setting-leaderName').fill('王副主席');
      await go(page, 'dashboard');
      await prompt(page).waitFor();
      await page.getByTestId('leave-discard').click();
      await page.getByTestId('dashboard').waitFor();
      await go(page, 'settings');
      await expect.poll(() => page.getByTestId('setting-leaderName').inputValue()).toBe('张建国');
    } finally {
      await s.close();
    }
    expect(sql<{ value: string }>(file, "SELECT value FROM settings WHERE key = 'leaderName'").value).toBe('张建国');
  });
});

describe('programs in another year than the working year', () => {
  /** 新建项目, typed and saved (Ctrl+S). */
  async function createProgramInForm(page: Page, code: string, name: string, year: string, kind: string): Promise<void> {
    await page.getByTestId('new-program').click();
    await page.getByTestId('program-code').fill(code);
    await page.getByTestId('program-name').fill(name);
    await page.getByTestId('program-year').fill(year);
    await page.getByTestId('program-kind').selectOption(kind);
    await page.getByTestId('program-name').press('ControlOrMeta+S');
    await expect.poll(() => page.locator('.notice').last().textContent()).toContain(`已保存“${name}”`);
  }
  const options = (page: Page, testId: string) => page.getByTestId(testId).locator('option').allTextContents();

  it('on a fresh ledger, two 2017 programs are offered at once by the payments grid\'s 年度 and 新增到项目', async () => {
    const file = newLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    const thisYear = String(new Date().getFullYear());
    try {
      await waitForGrid(page);
      expect(await options(page, 'year-select')).toEqual([thisYear, '全部年度']);
      await go(page, 'programs');
      await createProgramInForm(page, '2017-SWN', '2017年春节送温暖', '2017', '送温暖');
      await createProgramInForm(page, '2017-JQZX', '2017年金秋助学', '2017', '金秋助学');
      await go(page, 'payments');
      await waitForGrid(page);
      await expect.poll(() => options(page, 'year-select')).toEqual([thisYear, '2017', '全部年度']);
      // The ledger has nothing in this year and the clerk chose none: it opens on 2017, as after a restart.
      expect(await page.getByTestId('year-select').inputValue()).toBe('2017');
      await expect.poll(() => options(page, 'entry-program')).toEqual(['—', '2017-JQZX 2017年金秋助学', '2017-SWN 2017年春节送温暖']);
      await screenshot(page, 'forms-new-year-in-payments');
    } finally {
      await s.close();
    }
  });
  it('a program saved in another year than the list\'s: the list follows it to its year and says so; the working year stays', async () => {
    const thisYear = new Date().getFullYear();
    const last = thisYear - 1;
    const file = newLedger((ledger) => {
      ledger.run({ kind: 't', label: '准备', source: 'system' }, (tx) => {
        const swn = createProgram(tx, { code: `${thisYear}-SWN`, name: `${thisYear}年春节送温暖`, year: thisYear, kind: '送温暖' });
        applyPaymentEdits(tx, [{ cells: { personName: '王芳', idNumber: '530424197512030026', paidOn: `${thisYear}-01-20`, cashFen: '500' } }], { programId: swn }, '准备');
      });
    });
    const s = await openApp(browser, file);
    const { page } = s;
    const listed = () => page.getByTestId('program-list').locator('tbody tr').allTextContents();
    try {
      await waitForGrid(page);
      await go(page, 'programs');
      await expect.poll(() => page.getByTestId('program-list-title').textContent()).toBe(`${thisYear}年项目`);
      await expect.poll(listed).toEqual([expect.stringContaining(`${thisYear}年春节送温暖`)]);
      await createProgramInForm(page, `${last}-ZQ`, `${last}年中秋慰问`, String(last), '中秋慰问');
      // Saved, it stays in sight: the list is the year's it was saved in, the program chosen in it, and the notice says so.
      await expect.poll(() => page.getByTestId('program-list-title').textContent()).toBe(`${last}年项目`);
      await expect.poll(listed).toEqual([expect.stringContaining(`${last}年中秋慰问`)]);
      expect(await page.getByTestId('program-list').locator('tbody tr.selected').textContent()).toContain(`${last}年中秋慰问`);
      expect(await page.locator('.notice').last().locator('span').textContent()).toBe(`已保存“${last}年中秋慰问”：这是${last}年的项目，左侧已转到${last}年项目`);
      expect(await page.getByTestId('program-list-year').inputValue()).toBe(String(last));
      await screenshot(page, 'forms-program-list-follows-year');
      // Back to this year's list from the list's own year.
      await page.getByTestId('program-list-year').selectOption(String(thisYear));
      await expect.poll(listed).toEqual([expect.stringContaining(`${thisYear}年春节送温暖`)]);
      await page.getByTestId('program-list-year').selectOption('');
      await expect.poll(() => page.getByTestId('program-list-title').textContent()).toBe('全部项目');
      await expect.poll(() => listed().then((l) => l.length)).toBe(2);
      // The working year is the clerk's: the payments grid stays on this year, and offers the new one.
      await go(page, 'payments');
      await waitForGrid(page);
      expect(await page.getByTestId('year-select').inputValue()).toBe(String(thisYear));
      await expect.poll(() => options(page, 'year-select')).toEqual([String(thisYear), String(last), '全部年度']);
    } finally {
      await s.close();
    }
  });
});
