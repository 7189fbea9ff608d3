/** 新增到项目 per year view (renderer/src/grid/entryProgram.ts): the choice, then the program of the view chosen last, then the first. */
import { describe, expect, it } from 'vitest';
import { pickEntryProgram, readEntryProgramPrefs, withEntryProgram } from '../../renderer/src/grid/entryProgram.ts';
import type { ProgramSummary } from '../../shared/records.ts';

const program = (id: number, code: string, year: number): ProgramSummary =>
  ({ id, code, name: code, year, kind: '送温暖', raisedFen: 0, paidCashFen: 0, paidGoodsFen: 0, paymentCount: 0 }) as ProgramSummary;
const y2017 = [program(1, '2017-JQZX', 2017), program(2, '2017-SWN', 2017), program(3, '2017-YL', 2017)];
const y2018 = [program(4, '2018-JQZX', 2018), program(5, '2018-SWN', 2018)];
const all = [...y2018, ...y2017];

describe('pickEntryProgram', () => {
  it('nothing stored: the first program of the view', () => {
    const none = readEntryProgramPrefs(null);
    expect(pickEntryProgram(y2017, 2017, none)).toBe(1);
    expect(pickEntryProgram([], 2017, none)).toBeNull();
  });

  it('the choice of each year view; a view with none of its own takes the one of its programs chosen last', () => {
    let prefs = readEntryProgramPrefs(null);
    prefs = withEntryProgram(prefs, 2017, 3);
    prefs = withEntryProgram(prefs, 2017, 2);
    prefs = withEntryProgram(prefs, 2018, 5);
    expect(pickEntryProgram(y2017, 2017, prefs)).toBe(2);
    expect(pickEntryProgram(y2018, 2018, prefs)).toBe(5);
    expect(pickEntryProgram(all, null, prefs)).toBe(5);
    prefs = withEntryProgram(prefs, null, 1);
    expect(pickEntryProgram(all, null, prefs)).toBe(1);
    expect(pickEntryProgram(y2017, 2017, prefs)).toBe(2);
  });

  it('a remembered program deleted or moved to another year: the program of that year chosen last, else the first', () => {
    let prefs = readEntryProgramPrefs(null);
    prefs = withEntryProgram(prefs, 2017, 3);
    prefs = withEntryProgram(prefs, 2017, 2);
    const withoutSwn = y2017.filter((p) => p.id !== 2);
    expect(pickEntryProgram(withoutSwn, 2017, prefs)).toBe(3);
    expect(pickEntryProgram([program(1, '2017-JQZX', 2017)], 2017, prefs)).toBe(1);
  });

  it('— chosen is kept; anything else stored reads as nothing chosen', () => {
    const prefs = withEntryProgram(readEntryProgramPrefs(null), 2017, null);
    expect(pickEntryProgram(y2017, 2017, prefs)).toBeNull();
    expect(pickEntryProgram(y2017, 2017, readEntryProgramPrefs({ byView: { 2017: 'x' }, recent: ['y', 3] }))).toBe(3);
    expect(pickEntryProgram(y2017, 2017, readEntryProgramPrefs('junk'))).toBe(1);
  });
});
