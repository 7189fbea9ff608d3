/** The LedgerError a promise is rejected with (a test fails if it resolves or fails otherwise). */
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
