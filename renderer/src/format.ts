/** Display helpers over the shared domain (money is fen until it is drawn). */
import { formatYuan } from '../../shared/domain/money.ts';
import { maskResidentId } from '../../shared/domain/residentId.ts';

/** 元 with separators; a value that is not yet fen (text still being saved) is shown as typed. */
export function yuan(fen: unknown): string {
  if (fen === null || fen === undefined) return '';
  return typeof fen === 'number' && Number.isSafeInteger(fen) ? formatYuan(fen) : String(fen);
}

export function idForDisplay(id: string | null | undefined, showFull: boolean): string {
  if (!id) return '';
  return showFull ? id : maskResidentId(id);
}
