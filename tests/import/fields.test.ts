/** Header words → fields, as real rosters write them: 简体/繁體, line breaks, units in brackets, qualifiers. */
import { describe, expect, it } from 'vitest';
import { matchField, normalizeHeader } from '../../electron/core/import/fields.ts';

const CASES: [string, string | null][] = [
  ['序号', 'seq'], ['序　号', 'seq'], ['序號', 'seq'], ['编号', 'seq'],
  ['姓名', 'name'], ['姓\n名', 'name'], ['职工姓名', 'name'], ['户主姓名', 'name'], ['领取人', 'name'], ['受助人', 'name'], ['家长姓名', 'name'], ['父（母）姓名', 'name'],
  ['学生姓名', 'studentName'], ['姓名（学生）', 'studentName'], ['学生身份证号', 'studentIdNumber'],
  ['性别', 'gender'], ['性別', 'gender'],
  ['身份证号码', 'idNumber'], ['身份证号', 'idNumber'], ['公民身份号码', 'idNumber'], ['證件號碼', 'idNumber'], ['身份证号（18位）', 'idNumber'], ['家长身份证号', 'idNumber'],
  ['工作单位', 'unit'], ['单位', 'unit'], ['所在單位', 'unit'], ['工会名称', 'unit'], ['工作单位及职务', 'unit'],
  ['困难类别', 'category'], ['救助類型', 'category'], ['困难程度', 'category'], ['致困原因', 'category'], ['人员类别', 'recipientKind'],
  ['金额', 'amount'], ['金额\n（元）', 'amount'], ['金额(元)', 'amount'], ['慰問金額（元）', 'amount'], ['慰问金', 'amount'], ['救助金额', 'amount'], ['发放金额', 'amount'],
  ['補助金額', 'amount'], ['助學金額', 'amount'], ['发放标准（元/人）', 'amount'], ['金额（大写）', 'amount'],
  ['慰问品', 'goods'], ['慰问品折价(元)', 'goodsAmount'], ['慰问品数量', null],
  ['发放日期', 'paidOn'], ['领取日期', 'paidOn'], ['日期', 'paidOn'], ['参加工作时间', null], ['入会时间', null],
  ['联系电话', 'phone'], ['電話', 'phone'], ['银行卡号', 'bankAccount'], ['发放方式', 'method'], ['发放方式（现金/银行）', 'method'], ['支付方式', 'method'], ['开户行及账号', 'bankAccount'], ['开户银行', null],
  ['家庭住址', 'address'], ['备注', 'note'], ['備註', 'note'],
  ['领取人签字', 'signature'], ['领取人（签字）', 'signature'], ['签名', 'signature'],
  ['合计', 'rowTotal'], ['录取学校', 'school'],
  ['劳模称号', 'honourTitle'], ['勞模稱號', 'honourTitle'], ['荣誉级别', 'honourLevel'], ['榮譽級別', 'honourLevel'], ['授予年份', 'yearAwarded'], ['出生年月', 'birthMonth'], ['出生日期', 'birthMonth'],
  ['家庭月人均收入（元）', null], ['年龄', null], ['人数', null], ['民族', null],
];

describe('header words', () => {
  it.each(CASES)('%s → %s', (header, field) => {
    expect(matchField(normalizeHeader(header))).toBe(field);
  });

  it('notes a column in 万元', () => {
    expect(normalizeHeader('金额（万元）')).toMatchObject({ base: '金额', unit: '万元' });
    expect(normalizeHeader('金额（千元）')).toMatchObject({ base: '金额', unit: '千元' });
    expect(normalizeHeader('补助金额/千元')).toMatchObject({ base: '补助金额', unit: '千元' });
    expect(normalizeHeader('金额（元，不超过三千元）')).toMatchObject({ base: '金额', unit: null });
    expect(normalizeHeader('金额（元）')).toMatchObject({ base: '金额', unit: null });
  });
});
