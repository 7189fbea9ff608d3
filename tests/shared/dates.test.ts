import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate, parseYearMonth } from '../../shared/domain/dates.ts';
import { normalizeName, toHalfWidth } from '../../shared/domain/text.ts';

describe('date parsing', () => {
  it.each([
    ['2017.1.20', '2017-01-20'],
    ['2017-01-20', '2017-01-20'],
    ['2017/1/20', '2017-01-20'],
    ['2017年1月20日', '2017-01-20'],
    ['２０１７年１月２０日', '2017-01-20'],
    ['20170120', '2017-01-20'],
    ['2017-01-20 00:00:00', '2017-01-20'],
    ['2016-02-29', '2016-02-29'],
  ])('%s → %s', (input, iso) => {
    expect(parseDate(input)).toEqual({ ok: true, iso });
  });

  it('reads Excel serial numbers, including around the 1900 leap-year bug', () => {
    expect(excelSerialToIso(42755)).toBe('2017-01-20');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(parseDate(42755)).toEqual({ ok: true, iso: '2017-01-20' });
  });

  it('reads Date objects from spreadsheet readers as UTC dates', () => {
    expect(parseDate(new Date(Date.UTC(2017, 0, 20)))).toEqual({ ok: true, iso: '2017-01-20' });
  });

  it('refuses impossible or unreadable dates with a Chinese message', () => {
    for (const bad of ['2017-02-30', '2017-13-01', '明天', '', '17.1.32', '1.20', '2017']) {
      const r = parseDate(bad);
      expect(r.ok).toBe(false);
    }
    expect(parseDate('明天')).toEqual({ ok: false, message: '日期“明天”无法识别，请写成 2017-01-20、2017.1.20 或 2017年1月20日' });
    expect(parseDate('2017-02-30')).toEqual({ ok: false, message: '日期“2017-02-30”不存在：2017年2月没有30日' });
  });

  it('reads dates as rosters write them: a two-digit year, 号, 元月, a closing full stop, ISO with a time', () => {
    const cases: [string, string][] = [
      ['17.1.20', '2017-01-20'], ['17年1月20日', '2017-01-20'], ['98.3.5', '1998-03-05'], ['2017年1月20号', '2017-01-20'], ['2017年元月20日', '2017-01-20'],
      ['2017.01.20.', '2017-01-20'], ['2017-01-20T00:00:00', '2017-01-20'], ['2017-01-20 15:30:00.000', '2017-01-20'], ['2017-01-20T08:00:00+08:00', '2017-01-20'],
    ];
    for (const [text, iso] of cases) expect([text, parseDate(text)]).toEqual([text, { ok: true, iso }]);
  });

  it('reads 出生年月', () => {
    expect(parseYearMonth('1965.03')).toBe('1965-03');
    expect(parseYearMonth('1965年3月')).toBe('1965-03');
    expect(parseYearMonth('1965-03-15')).toBe('1965-03');
    expect(parseYearMonth('abc')).toBeNull();
  });

  it('reads a date in Chinese numerals, a month of 元月, and says which day does not exist', () => {
    const cases: [string, string][] = [
      ['二〇二四年一月二十日', '2024-01-20'], ['二零二四年九月十二号', '2024-09-12'], ['二〇二四年十二月三十一日', '2024-12-31'], ['二〇二四年三月九日', '2024-03-09'],
    ];
    for (const [text, iso] of cases) expect([text, parseDate(text)]).toEqual([text, { ok: true, iso }]);
    expect(parseYearMonth('2024年元月')).toBe('2024-01');
    expect(parseYearMonth('二〇二四年元月')).toBe('2024-01');
    expect(parseYearMonth('二〇二四年十月')).toBe('2024-10');
    expect(parseDate('二〇二四年十三月一日').ok).toBe(false);
    expect(parseDate('2017年2月30日')).toEqual({ ok: false, message: '日期“2017年2月30日”不存在：2017年2月没有30日' });
    expect(parseDate('2017-13-01')).toEqual({ ok: false, message: '日期“2017-13-01”无法识别，请写成 2017-01-20、2017.1.20 或 2017年1月20日' });
  });
});

describe('text normalisation', () => {
  it('strips name padding of every width', () => {
    expect(normalizeName('王　芳')).toBe('王芳');
    expect(normalizeName(' 李 强 ')).toBe('李强');
    expect(normalizeName('\u3000张三\u00a0')).toBe('张三');
    expect(normalizeName('Maria  Lopez')).toBe('Maria Lopez');
  });

  it('turns full-width ASCII into half-width', () => {
    expect(toHalfWidth('ＡＢＣ１２３，（元）')).toBe('ABC123,(元)');
  });
});
