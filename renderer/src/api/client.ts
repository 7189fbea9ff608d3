/**
 * The renderer's only door to the core: typed functions over the contract.
 * This is the only file that touches window.reliefLedger (defined by the
 * Electron preload, or by the browser test bridge).
 */
import i18next from 'i18next';
import type { Channel, ContractError, EventName, EventPayloads, InvokeResult, ReliefLedgerApi, RequestOf, ResponseOf } from '../../../shared/contract.ts';
import { API_GLOBAL } from '../../../shared/contractNames.ts';

function api(): ReliefLedgerApi {
  const found = (window as unknown as Record<string, ReliefLedgerApi | undefined>)[API_GLOBAL];
  if (!found) throw new Error(i18next.t('app.noApi'));
  return found;
}

/**
 * The core could not be reached: the call threw instead of answering (the bridge or the main
 * process gone, the connection cut). What was asked may not have been done.
 */
export const UNREACHABLE = 'unreachable';

/** A failed call, carrying the typed error (code + Chinese message) for the UI to show. */
export class CallError extends Error {
  readonly code: ContractError['code'] | typeof UNREACHABLE;
  readonly details: unknown;
  constructor(error: ContractError | { code: typeof UNREACHABLE; message: string; details?: unknown }) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.details = error.details;
  }
}

export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const door = api();
  let result: InvokeResult<C>;
  try {
    result = await door.invoke(channel, request);
  } catch (e) {
    // The browser's or Electron's own words ("Failed to fetch", "An object could not be cloned")
    // are not for the clerk: they mean the ledger did not answer. The original stays in details.
    throw new CallError({ code: UNREACHABLE, message: i18next.t('errors.unreachable'), details: String(e) });
  }
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  return api().on(event, listener);
}

export function platform(): 'electron' | 'web' {
  return api().platform;
}
