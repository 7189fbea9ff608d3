import { describe, expect, it } from 'vitest';
import { isHeaderLine, isTotalLine, startsWithSeqColumn } from '../../shared/domain/pastedBlock.ts';

describe('a block copied from a roster', () => {
  it('knows its header row, its 合计 lines and a leading 序号 column', () => {
    expect(isHeaderLine(['序号', '姓 名', '身份证号码', '金额（元）'])).toBe(true);
    expect(isHeaderLine(['1', '王芳', '530424197503037779', '600'])).toBe(false);
    expect(isTotalLine(['合 计', '', '1800'])).toBe(true);
    expect(isTotalLine(['', '合計', '1800'])).toBe(true);
    expect(isTotalLine(['1', '王芳', '合计备注在后'])).toBe(true);
    expect(isTotalLine(['1', '王芳', '530424197503037779', '合计'])).toBe(false);
    expect(startsWithSeqColumn([['1', '赵一', 'x'], ['2、', '钱二'], ['', '孙三']])).toBe(true);
    expect(startsWithSeqColumn([['王芳', '530424197503037779'], ['李强', '']])).toBe(false);
    // Numbers and then numbers (an amount column pasted on 金额) are no 序号 before names.
    expect(startsWithSeqColumn([['600', '0'], ['500', '0']])).toBe(false);
  });
});
