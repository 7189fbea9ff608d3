import { describe, expect, it } from 'vitest';
import { looksLikeIdNumber } from '../../shared/domain/residentId.ts';
import { isColumnNumberLine, isTotalLabel, mayNamePayee, rosterLineKind } from '../../shared/domain/text.ts';

describe('isTotalLabel: a roster’s total or end line where a name would be', () => {
  it('knows 合计 / 小计 / 共2人 / 总数 / 以下空白 in either script and width, spaced or not', () => {
    for (const t of ['合计', '合  计', '合　计', '合計', '本页小计', '总计：', '共计1,200元', '共2人', '共 2 人', '以上2人', '人数：2人', '2人', '全镇共2人', '总数', '以下空白', '累计',
      '盘溪镇小计', '以上合计', '全镇合计', '共十二人', '以上两人', '合计：壹仟伍佰元整']) {
      expect([t, isTotalLabel(t)]).toEqual([t, true]);
    }
  });
  it('never takes a name for one: names, a household size after a name, a unit', () => {
    for (const t of ['王芳', '李强', '欧阳娜娜', '李丽（2人）', '县水泥厂', '合作社', '计划生育办', '共青团', '', '李强一家3人', '孙梅母女2人', '伍人', '陆名', '王合计', '张小计']) {
      expect([t, isTotalLabel(t)]).toEqual([t, false]);
    }
  });
  it('tells footer lines and a repeated header from names', () => {
    expect(['制表人：王五', '审核人:赵六', '单位负责人', '（盖章）', '填表日期：2017年1月10日', '姓名', '户主姓名', '王五', '赵六'].map(rosterLineKind)).toEqual([
      'footer', 'footer', 'footer', 'footer', 'footer', 'header', 'header', null, null,
    ]);
  });
  it('tells a roster section heading, numbered or with its head count, from names (helper 57)', () => {
    expect(['补报人员：', '补报人员:（1人）', '二、补报人员', '（二）补报', '2.新增人员', '補報人員：(2人)', '新增', '补报人员（1人）：'].map(rosterLineKind))
      .toEqual(['header', 'header', 'header', 'header', 'header', 'header', 'header', 'header']);
    expect(['王补', '新增华', '补报', '李新增'].map(rosterLineKind)).toEqual([null, null, 'header', null]);
    // Helper 59: 附：, 第二部分：, 一、正常发放人员, a head count without brackets.
    expect(['补报人员 1人', '附：补报人员', '第二部分：补报人员', '一、正常发放人员', '三、新增人员（2人）：'].map(rosterLineKind)).toEqual(['header', 'header', 'header', 'header', 'header']);
    expect(['正常', '续发华'].map(rosterLineKind)).toEqual([null, null]);
  });
  it('tells an ID as a roster writes it (15 or 18, masked or not) from a figure or a date in the ID column (helper 59)', () => {
    expect(['530424198503050017', '53042419850305001X', '530424850305001', '5304**********0017', '530424********0017', '５３０４２４１９８５０３０５００１７'].map(looksLikeIdNumber)).toEqual([true, true, true, true, true, true]);
    expect(['125000.00', '20170601', '1800元', '共3人', '/', '***************', '12345'].map(looksLikeIdNumber)).toEqual([false, false, false, false, false, false, false]);
    // Helper 61: as Excel copies it (a leading '), with dashes or spaces inside, or a digit short.
    expect(["'530424199001010137", '530424-19900101-0137', '530424 19900101 0137', '53042419900101013', '53042419900101013x'].map(looksLikeIdNumber)).toEqual([true, true, true, true, true]);
    // Helper 63: dashes an input method gives (en, em, full-width).
    expect(['530424—19900101—0137', '530424–19900101–0137', '530424－19900101－0137'].map(looksLikeIdNumber)).toEqual([true, true, true]);
  });
  it('tells a roster’s column-number line from a payee’s row (helper 66)', () => {
    expect([['甲', '乙', '1', '2', '3'], ['1', '2', '3', '4'], ['', '1', '', '2', '3'], ['栏次', '1', '2', '3'], ['Ａ', 'Ｂ', 'Ｃ'], ['一', '二', '三']].map(isColumnNumberLine))
      .toEqual([true, true, true, true, true, true]);
    // Helper 72: circled numbers, numbers in brackets, one number missing.
    expect([['①', '②', '③'], ['（1）', '（2）', '（3）', '（4）'], ['甲', '乙', '1', '2', '3', '', '5', '6']].map(isColumnNumberLine)).toEqual([true, true, true]);
    expect([['1', '3', '5', '7']].map(isColumnNumberLine)).toEqual([false]);
    expect([['1', '赵一', '530424198503050017', '男', '500'], ['1', '2'], ['1', '3', '4'], ['2', '1', '3'], ['1', '', '', '500'], ['甲', '乙', '3']].map(isColumnNumberLine))
      .toEqual([false, false, false, false, false, false]);
  });
  it('names the roster lines a payee may still be named: a bare section word, never a total, a footer or a numbered heading (helper 63)', () => {
    expect(['新增', '补报', '续发', '补报人员'].map(mayNamePayee)).toEqual([true, true, true, true]);
    expect(['合计', '小计', '本页小计', '合计：3人', '二、补报人员', '补报人员 1人', '姓名', '制表人', '附：补报人员', '王芳'].map(mayNamePayee))
      .toEqual([false, false, false, false, false, false, false, false, false, false]);
  });
});
