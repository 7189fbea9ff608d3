/**
 * Migration 4: the amount indexes carry the payment date. The grid's commonest view is a
 * year sorted by amount; with (cash_fen) alone SQLite read every payment of the year and
 * sorted them (~0.1 s on a 1,000,000-row ledger), with (cash_fen, paid_on) it walks the
 * amount index and checks the year inside it (~3 ms). No data changes.
 */
export const name = 'amount_year_indexes';

export const sql = String.raw`
DROP INDEX payments_cash;
CREATE INDEX payments_cash ON payments(cash_fen, paid_on);
DROP INDEX payments_goods;
CREATE INDEX payments_goods ON payments(goods_fen, paid_on);
`;
