/** Which choice of a dropdown typed text names (renderer/src/grid/choiceMatch.ts). */
import { describe, expect, it } from 'vitest';
import { choiceKey, matchChoices } from '../../renderer/src/grid/choiceMatch.ts';
import { CODE_LIST_SEEDS } from '../../shared/domain/codes.ts';

const kinds = CODE_LIST_SEEDS.recipient_kind;
const programs = ['2017年金秋助学', '2017年春节送温暖', '2017年医疗救助'];
const codes = ['2017-JQZX', '2017-SWN', '2017-YL'];

describe('matchChoices', () => {
  it('text in one choice alone names it, wherever it is in it (子女, 金秋)', () => {
    expect(matchChoices(kinds, '子女')).toEqual({ list: ['困难职工子女'], named: '困难职工子女' });
    expect(matchChoices(programs, '金秋', codes)).toEqual({ list: ['2017年金秋助学'], named: '2017年金秋助学' });
  });

  it('in Simplified or Traditional, spaces and letter case aside; a program by its code', () => {
    expect(matchChoices(programs, '溫暖', codes).named).toBe('2017年春节送温暖');
    expect(matchChoices(kinds, '困難 職工').named).toBe('困难职工');
    expect(matchChoices(programs, '2017-s', codes).named).toBe('2017年春节送温暖');
    expect(matchChoices(programs, '2017-YL', codes).named).toBe('2017年医疗救助');
    expect(choiceKey(' 銀行 轉賬 ')).toBe('银行转账');
  });

  it('text that may mean several names none: those that start with it first, then those that contain it', () => {
    expect(matchChoices(kinds, '困难')).toEqual({ list: ['困难职工', '困难农民工', '困难劳模', '困难职工子女', '单亲困难女职工'] });
    expect(matchChoices(programs, '2017', codes).named).toBeUndefined();
    expect(matchChoices(kinds, '职工').list).toHaveLength(7);
  });

  it('a choice itself is named though others start with it (困难职工, 困难职工子女)', () => {
    expect(matchChoices(kinds, '困难职工').named).toBe('困难职工');
  });

  it('劳模 is in 困难劳模 and short for 劳动模范: both listed, neither named (helper 47)', () => {
    expect(matchChoices(kinds, '劳模')).toEqual({ list: ['困难劳模', '劳动模范'] });
    expect(matchChoices(kinds, '劳范')).toEqual({ list: ['劳动模范'], named: '劳动模范' });
  });

  it('no choice: an empty list; no text: every choice, none named', () => {
    expect(matchChoices(['现金', '银行转账'], '支付宝')).toEqual({ list: [] });
    expect(matchChoices(['现金', '银行转账'], '  ')).toEqual({ list: ['现金', '银行转账'] });
  });
});
