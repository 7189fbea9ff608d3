import { describe, expect, it } from 'vitest';
import { isTotalLabel } from '../../shared/domain/text.ts';

describe('isTotalLabel: a roster’s total or end line where a name would be', () => {
  it('knows 合计 / 小计 / 共2人 / 总数 / 以下空白 in either script and width, spaced or not', () => {
    for (const t of ['合计', '合  计', '合　计', '合計', '本页小计', '总计：', '共计1,200元', '共2人', '共 2 人', '以上2人', '人数：2人', '2人', '全镇共2人', '总数', '以下空白', '累计']) {
      expect([t, isTotalLabel(t)]).toEqual([t, true]);
    }
  });
  it('never takes a name for one: names, a household size after a name, a unit', () => {
    for (const t of ['王芳', '李强', '欧阳娜娜', '李丽（2人）', '县水泥厂', '合作社', '计划生育办', '共青团', '']) {
      expect([t, isTotalLabel(t)]).toEqual([t, false]);
    }
  });
});
