/**
 * Model-worker honours (劳动模范): the years an honour can have been awarded in, one range for
 * every layer (the register's service and contract, the register screen, the roster import).
 */

/**
 * The earliest plausible 获评年度: the first national conference of model workers
 * (全国工农兵劳动模范代表大会) met in September 1950, and the honours counties keep on file
 * (全国, 省部级, 州市级, 县级) all date from it or later. An earlier year is a typing error
 * (1905 for 1995, 1949 for a birth year): the import warns and stores no year, the register refuses it.
 */
export const EARLIEST_AWARD_YEAR = 1950;

/**
 * The latest 获评年度 the register keeps. A year after this one is no award yet; the import warns on it
 * (it knows the year it runs in). The register only keeps its values to a sane range.
 */
export const LATEST_AWARD_YEAR = 2199;

/** A 获评年度 the register can hold: a whole year from EARLIEST_AWARD_YEAR to LATEST_AWARD_YEAR. */
export function isAwardYear(year: number): boolean {
  return Number.isInteger(year) && year >= EARLIEST_AWARD_YEAR && year <= LATEST_AWARD_YEAR;
}
