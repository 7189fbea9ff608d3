/**
 * The registers' channels through dispatch over a real ledger: each answers a
 * well-formed request; writes are one command each with a Chinese label; code
 * lists retire what is used and delete what is not; approval records the approver
 * and locks paid rows, corrected only by a reversal.
 */
import { describe, expect, it } from 'vitest';
import { type Channel, type RequestOf, type ResponseOf } from '../../shared/contract.ts';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import { registerHandlers, type RegisterChannel } from '../../electron/core/api/registerHandlers.ts';
import { hospitalisationRules } from '../../shared/domain/rules.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

function setup() {
  const ledger = tempLedger();
  const host: LedgerHost = { ledger: () => ledger, actor: () => '张会计', emit: () => undefined, saveFile: async () => null };
  const seen = new Set<Channel>();
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    seen.add(channel);
    const r = await dispatch(host, channel, request);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as ResponseOf<C>;
  };
  return { ledger, host, call, seen };
}

describe('the register channels', () => {
  it('answer every register channel with a well-formed request', async () => {
    const { ledger, call, seen } = setup();
    await call('settings.set', { values: { approverName: '李春华' } });
    // Programs.
    const saved = await call('programs.save', {
      id: null,
      form: {
        code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', funds: [{ source: '上级下拨', amountFen: 1_000_000 }],
        standards: [{ recipientKind: '患重大疾病职工', cashFen: 50_000 }], rules: hospitalisationRules(),
      },
    });
    expect(saved.history.undoLabel).toBe('新建项目 2017年医疗救助');
    const lm = await call('programs.save', {
      id: null,
      form: { code: '2017-LJ', name: '2017年困难劳模两金', year: 2017, kind: '劳模补助', funds: [], standards: [{ recipientKind: '困难劳模', cashFen: 250_000 }], rules: [] },
    });
    expect((await call('programs.get', { id: saved.program.id })).rules).toHaveLength(5);
    const temp = await call('programs.save', { id: null, form: { code: 'X', name: '临时', year: 2017, kind: '送温暖', funds: [], standards: [], rules: [] } });
    await call('programs.delete', { id: temp.program.id });

    // Households and people.
    const created = await call('households.create', {
      fields: { fileNo: 'HN-1', filedOn: '2016-12-01', hardshipLevel: '特困', primaryCause: '因病', bankAccount: '6228480012345678' },
      members: [{ person: { name: '王芳', idNumber: '530424197512030026', unitName: '华宁县水泥厂工会' } }, { person: { name: '李强', idNumber: '530424198001019516' }, relation: '配偶' }],
    });
    expect(created.history.undoLabel).toBe('新建档案 HN-1');
    const page = await call('people.page', { query: { view: 'inFile', sort: [{ field: 'name', dir: 'asc' }] } });
    expect(page.rows.map((r) => r.name)).toEqual(['李强', '王芳']);
    const wang = page.rows.find((r) => r.name === '王芳')!;
    const updated = await call('people.update', { edits: [{ id: wang.id, cells: { phone: '13800000000' } }], source: 'keyed' });
    expect(updated.rows[0]!.phone).toBe('13800000000');
    expect((await call('units.list', {})).map((u) => u.name)).toContain('华宁县水泥厂工会');
    let detail = await call('households.get', { id: created.id });
    expect(detail.bankAccountMasked).toBe('************5678');
    expect(await call('households.revealAccount', { id: created.id })).toEqual({ account: '6228480012345678' });
    detail = (await call('households.update', { id: created.id, fields: { address: '盘溪镇' } })).detail;
    expect(detail.address).toBe('盘溪镇');
    detail = (await call('households.addMembers', { id: created.id, members: [{ person: { name: '李小明' }, relation: '子女' }] })).detail;
    const child = detail.members.find((m) => m.name === '李小明')!;
    detail = (await call('households.removeMember', { id: created.id, personId: child.id })).detail;
    expect(detail.members).toHaveLength(2);
    detail = (await call('households.review', { id: created.id, reviewedOn: '2017-01-05', note: '入户核实' })).detail;
    const moved = await call('households.setStatus', { id: created.id, status: '脱困', changedOn: '2017-02-01', reason: '再就业' });
    expect(moved.detail.fileStatus).toBe('脱困');
    expect(moved.history.undoLabel).toBe('档案改为脱困');

    // Model workers and a 两金 round.
    const mw = await call('modelWorkers.create', { person: { name: '赵六', idNumber: '532322196508150040' }, fields: { honourLevel: '省部级', title: '省劳动模范', subsidyKind: '两金', inHardship: true, yearAwarded: 2005 } });
    expect(mw.row).toMatchObject({ personName: '赵六', honourLevel: '省部级', inHardship: true });
    await call('modelWorkers.create', { personId: wang.id, fields: { honourLevel: '县级', title: '县劳动模范' } });
    const upd = await call('modelWorkers.update', { id: mw.row.id, fields: { awardingBody: '云南省人民政府' } });
    expect(upd.row.awardingBody).toBe('云南省人民政府');
    expect((await call('modelWorkers.list', {})).length).toBe(2);
    const criteria = { programId: lm.program.id, levels: ['省部级'], hardshipOnly: true, paidOn: '2017-06-30' };
    expect((await call('modelWorkers.previewRound', { criteria })).eligible).toBe(1);
    const round = await call('modelWorkers.generateRound', { criteria });
    expect(round).toMatchObject({ cashFen: 250_000 });
    expect(round.history.undoLabel).toBe('生成劳模发放名单：2017年困难劳模两金');
    const county = (await call('modelWorkers.list', {})).find((r) => r.honourLevel === '县级')!;
    await call('modelWorkers.delete', { ids: [county.id] });

    // Approval: 审核 records the approver from the settings; 发放 locks the row; then only a reversal corrects it.
    const ids = round.created;
    const approved = await call('approval.setStatus', { ids, status: '已审核' });
    expect(approved.rows[0]).toMatchObject({ status: '已审核', approver: '李春华' });
    expect(approved.history.undoLabel).toBe('审核 1 条（审核人：李春华）');
    const named = await call('approval.setStatus', { ids, status: '登记' });
    expect(named.rows[0]).toMatchObject({ status: '登记', approver: null });
    expect((await call('approval.setStatus', { ids, status: '已审核', approver: '王主席' })).rows[0]!.approver).toBe('王主席');
    expect((await call('approval.setStatus', { ids, status: '已发放' })).rows[0]!.status).toBe('已发放');
    const refused = await dispatch({ ledger: () => ledger, actor: () => '张会计', emit: () => undefined, saveFile: async () => null }, 'payments.apply', { edits: [{ id: ids[0]!, cells: { cashFen: '100' } }], source: 'keyed' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked_payment' } });
    expect((await call('approval.setStatus', { ids, status: '已签领' })).rows[0]!.status).toBe('已签领');
    const skip = await dispatch({ ledger: () => ledger, actor: () => '张会计', emit: () => undefined, saveFile: async () => null }, 'approval.setStatus', { ids, status: '已审核' });
    expect(skip).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('不能从“已签领”改为“已审核”') } });

    // Code lists: add, retire a used value, delete an unused one; usage is counted.
    const added = await call('codes.add', { list: 'recipient_kind', value: '困难快递员' });
    let codes = await call('codes.listUsage', { list: 'recipient_kind' });
    expect(codes.find((c) => c.value === '困难劳模')!.usage).toBe(2); // the payment and the program standard
    expect(codes.find((c) => c.value === '困难快递员')).toMatchObject({ usage: 0, retired: false });
    const used = codes.find((c) => c.value === '困难劳模')!;
    const del = await dispatch({ ledger: () => ledger, actor: () => '张会计', emit: () => undefined, saveFile: async () => null }, 'codes.delete', { id: used.id });
    expect(del).toMatchObject({ ok: false, error: { message: '“困难劳模”已被 2 条记录使用，只能停用，不能删除' } });
    expect((await call('codes.retire', { id: used.id, retired: true })).history.undoLabel).toBe('停用代码“困难劳模”');
    await call('codes.delete', { id: added.id });
    codes = await call('codes.listUsage', { list: 'recipient_kind' });
    expect(codes.find((c) => c.value === '困难劳模')!.retired).toBe(true);
    expect(codes.some((c) => c.value === '困难快递员')).toBe(false);
    // The retired value still reads on the old payment.
    expect((await call('payments.get', { ids }))[0]!.recipientKind).toBe('困难劳模');

    const dash = await call('dashboard.get', { year: 2017 });
    expect(dash.total).toMatchObject({ records: 1, cashFen: 250_000 });

    const registerChannels = Object.keys(registerHandlers) as RegisterChannel[];
    expect(registerChannels.filter((c) => !seen.has(c))).toEqual([]);
    ledger.close();
  });

  it('a refused write changes nothing and comes back as a typed error in Chinese', async () => {
    const { ledger, host } = setup();
    const before = dumpTables(ledger);
    const r = await dispatch(host, 'households.create', { fields: { hardshipLevel: '特困' }, members: [{ person: { name: '王芳', idNumber: '530424197512030026' } }, { person: { name: '王芳2', idNumber: '530424197512030026' } }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'duplicate', message: '第2位成员：身份证号 530424197512030026 已登记给“王芳”' } });
    expect(dumpTables(ledger)).toEqual(before);
    const bad = await dispatch(host, 'people.page', { query: { sort: [{ field: 'DROP', dir: 'asc' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    ledger.close();
  });
});
