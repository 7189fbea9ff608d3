import { describe, expect, it } from 'vitest';
import { formatWan, formatYuan, parseAmount, parseCapitalAmount, toCapitalAmount } from '../../shared/domain/money.ts';

describe('amount parsing (to integer fen)', () => {
  const ok: [unknown, number, boolean][] = [
    ['600', 60000, false],
    ['600元', 60000, false],
    ['1,000.00', 100000, false],
    ['1,000.00元', 100000, false],
    ['￥1,234.5', 123450, false],
    ['1.2万', 1200000, true],
    ['0.06萬', 60000, true],
    ['15.55万元', 15550000, true],
    ['６００', 60000, false],
    ['  500 ', 50000, false],
    ['600.00元整', 60000, false],
    ['-300', -30000, false],
    // Excel's text mark, kept by a CSV export.
    ["'600", 60000, false],
    [600, 60000, false],
    [0.1 + 0.2, 30, false],
    [1234.56, 123456, false],
    // Chinese capitals, as on a receipt; ordinary numerals with 元.
    ['陆佰元整', 60000, false],
    ['人民币壹仟零伍元零伍分', 100505, false],
    ['五百元', 50000, false],
  ];
  it.each(ok)('%s → %i fen', (input, fen, inWan) => {
    const r = parseAmount(input);
    expect(r).toEqual({ ok: true, fen, inWan });
  });

  const bad: [unknown, string][] = [
    ['', 'missing_amount'],
    [null, 'missing_amount'],
    ['abc', 'amount_unreadable'],
    ['600.005', 'amount_unreadable'],
    ['1,00', 'amount_unreadable'],
    ['五百', 'amount_unreadable'],
    // Two figures in one cell (a line break or a space between them): not 500300.
    ['500\n300', 'amount_unreadable'],
    ['800 200', 'amount_unreadable'],
    [600.005, 'amount_unreadable'],
    [Number.NaN, 'amount_unreadable'],
  ];
  it('reads every amount written in capitals as toCapitalAmount writes it, Simplified and Traditional', () => {
    for (let fen = 0; fen < 3_000_000; fen += 97) {
      for (const script of ['simplified', 'traditional'] as const) expect(parseCapitalAmount(toCapitalAmount(fen, script))).toBe(fen);
    }
    expect(parseCapitalAmount('壹亿贰仟万元整')).toBe(12_000_000_000);
    expect([parseCapitalAmount('王芳'), parseCapitalAmount('二'), parseCapitalAmount('壹贰元')]).toEqual([null, null, null]);
  });

  it('says a figure has more places than the fen, not only that it cannot be read', () => {
    expect(parseAmount('500.555')).toEqual({ ok: false, code: 'amount_unreadable', message: '金额“500.555”超过两位小数，金额只记到分，请核对' });
    expect(parseAmount('1,000.001元')).toMatchObject({ ok: false, message: '金额“1,000.001元”超过两位小数，金额只记到分，请核对' });
    expect(parseAmount('0.1234567万')).toMatchObject({ ok: false, message: '金额“0.1234567万”以万元计超过六位小数，金额只记到分，请核对' });
    expect(parseAmount('5.00.5')).toMatchObject({ ok: false, message: '金额“5.00.5”无法识别' });
  });

  it.each(bad)('%s is refused (%s)', (input, code) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
});

describe('amount formatting', () => {
  it('renders 元 with thousands separators', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(-60000)).toBe('-600.00');
  });

  it('renders 万元 with two decimals, rounded half up', () => {
    expect(formatWan(15550000)).toBe('15.55'); // 华宁 2011 国庆: 155,500元
    expect(formatWan(3800000)).toBe('3.80'); // 陆良 两金 38,000元
    expect(formatWan(5585030)).toBe('5.59'); // 55,850.30元 = 5.585万 → 5.59
    expect(formatWan(55850300)).toBe('55.85'); // 昌宁 558,503元
    expect(formatWan(4999)).toBe('0.00');
    expect(formatWan(5000)).toBe('0.01');
  });

  it('writes the Chinese capital amount (大写)', () => {
    expect(toCapitalAmount(15550000)).toBe('壹拾伍万伍仟伍佰元整');
    expect(toCapitalAmount(3800000)).toBe('叁万捌仟元整');
    expect(toCapitalAmount(100500)).toBe('壹仟零伍元整');
    expect(toCapitalAmount(1005000)).toBe('壹万零伍拾元整');
    expect(toCapitalAmount(10000000)).toBe('壹拾万元整');
    expect(toCapitalAmount(100050000)).toBe('壹佰万零伍佰元整');
    expect(toCapitalAmount(101000000)).toBe('壹佰零壹万元整');
    expect(toCapitalAmount(10100000)).toBe('壹拾万壹仟元整');
    expect(toCapitalAmount(100505)).toBe('壹仟零伍元零伍分');
    expect(toCapitalAmount(50)).toBe('伍角');
    expect(toCapitalAmount(5)).toBe('伍分');
    expect(toCapitalAmount(168032)).toBe('壹仟陆佰捌拾元叁角贰分');
    expect(toCapitalAmount(0)).toBe('零元整');
    expect(toCapitalAmount(-60000)).toBe('负陆佰元整');
    expect(toCapitalAmount(15550000, 'traditional')).toBe('壹拾伍萬伍仟伍佰元整');
    expect(toCapitalAmount(1000000000000)).toBe('壹佰亿元整');
  });
});
