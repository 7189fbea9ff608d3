/** Display helpers over the shared domain (money is fen until it is drawn). */
import { fenToYuanString, formatYuan } from '../../shared/domain/money.ts';
import { maskResidentId } from '../../shared/domain/residentId.ts';

/** 元 with separators; a value that is not yet fen (text still being saved) is shown as typed. */
export function yuan(fen: unknown): string {
  if (fen === null || fen === undefined) return '';
  return typeof fen === 'number' && Number.isSafeInteger(fen) ? formatYuan(fen) : String(fen);
}

/** Fen as a clerk edits an amount: plain yuan, no thousands separators, no .00 (30000 → "300", 30050 → "300.50"). */
export function yuanForEditing(fen: unknown): string {
  if (typeof fen !== 'number' || !Number.isInteger(fen)) return fen === null || fen === undefined ? '' : String(fen);
  return fenToYuanString(fen).replace(/\.00$/, '');
}

export function idForDisplay(id: string | null | undefined, showFull: boolean): string {
  if (!id) return '';
  return showFull ? id : maskResidentId(id);
}
