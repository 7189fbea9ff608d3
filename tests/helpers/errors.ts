/** The LedgerError a promise is rejected with, or a call throws (a test fails if it succeeds or fails otherwise). */
import { expect } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';

export async function refusal(p: Promise<unknown>): Promise<LedgerError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    return e as LedgerError;
  }
  throw new Error('no error');
}

export function refused(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    return e as LedgerError;
  }
  throw new Error('expected a refusal');
}
