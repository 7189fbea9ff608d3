/** 性别 and 发放方式 as the ledger reads a cell's text (shared by the core's parse and the grid's dropdowns). */
import { describe, expect, it } from 'vitest';
import { readGender, readPaymentMethod } from '../../shared/domain/codes.ts';

describe('readGender', () => {
  it('男, 女 and their other words, any case; else null', () => {
    expect(['男', '男性', 'M', 'male', ' m '].map(readGender)).toEqual(['男', '男', '男', '男', '男']);
    expect(['女', '女性', 'F', 'Female'].map(readGender)).toEqual(['女', '女', '女', '女']);
    expect(['', '男性?', 'x', '男女'].map(readGender)).toEqual([null, null, null, null]);
  });
});

describe('readPaymentMethod', () => {
  it('现金, 银行转账, and text naming a bank, a transfer or a card; else null', () => {
    expect(['现金', '银行转账', '银行卡', '卡', '转账'].map(readPaymentMethod)).toEqual(['现金', '银行转账', '银行转账', '银行转账', '银行转账']);
    expect(['支付宝', '', '支票'].map(readPaymentMethod)).toEqual([null, null, null]);
  });
});
