import { describe, expect, it } from 'vitest';
import { startsWithSeqColumn, withoutSeqColumn } from '../../shared/domain/pastedBlock.ts';
import { rosterLineKind } from '../../shared/domain/text.ts';

describe('a block copied from a roster', () => {
  it('knows a leading 序号 column, with the title, header, 合计 and 大写 lines copied with it', () => {
    expect(startsWithSeqColumn([['1', '赵一', 'x'], ['2、', '钱二'], ['', '孙三']])).toBe(true);
    expect(startsWithSeqColumn([['华宁县2017年送温暖花名册'], ['填报单位：县总工会'], ['序号', '姓名'], ['（1）', '赵一'], ['（2）', '钱二'], ['合计', '', '1000'], ['大写：壹仟元整']])).toBe(true);
    expect(startsWithSeqColumn([['序号', '姓名'], ['（1）', '赵一'], ['（2）', '钱二'], ['（3）', '孙三'], ['合计', '', '1500']])).toBe(true);
    expect(startsWithSeqColumn([['王芳', '530424197503037779'], ['李强', '']])).toBe(false);
    // Numbers and then numbers (an amount column pasted on 金额) are no 序号 before names.
    expect(startsWithSeqColumn([['600', '0'], ['500', '0']])).toBe(false);
    // Without it: a label in the 序号 column (合计, 大写, a title) stays where the name goes (helper 53).
    expect(withoutSeqColumn([['1', '赵一', 'x', '500'], ['合计', '', '', '1100'], ['大写：壹仟壹佰元整'], ['序号', '姓名', '身份证号码']]))
      .toEqual([['赵一', 'x', '500'], ['合计', '', '1100'], ['大写：壹仟壹佰元整'], ['序号', '身份证号码']]);
    // (Helper 55: with something in the name cell too, 大写 | 壹仟壹佰元整, 合计 | /; and a section heading.)
    expect(withoutSeqColumn([['大写', '壹仟壹佰元整'], ['合计', '/', '/', '1100'], ['补报人员：']])).toEqual([['大写'], ['合计', '/', '1100'], ['补报人员：']]);
    expect(['补报人员：', '新增人员', '补报'].map(rosterLineKind)).toEqual(['header', 'header', 'header']);
  });

  it('knows its lines that are no payments: title, 填报单位, header, totals, 大写', () => {
    expect(['华宁县总工会2017年春节送温暖慰问金发放花名册', '填报单位：县总工会', '户主姓名', '本页合计', '总合计', '盘溪镇小计', '大写：壹仟壹佰元整', '人民币（大写）壹仟元整', '序号', '王芳'].map(rosterLineKind))
      .toEqual(['header', 'header', 'header', 'total', 'total', 'total', 'total', 'total', 'header', null]);
  });
});
