/**
 * The renderer's only door to the core: typed functions over the contract.
 * This is the only file that touches window.reliefLedger (defined by the
 * Electron preload, or by the browser test bridge).
 */
import i18next from 'i18next';
import type { Channel, ContractError, EventName, EventPayloads, ReliefLedgerApi, RequestOf, ResponseOf } from '../../../shared/contract.ts';
import { API_GLOBAL } from '../../../shared/contractNames.ts';

function api(): ReliefLedgerApi {
  const found = (window as unknown as Record<string, ReliefLedgerApi | undefined>)[API_GLOBAL];
  if (!found) throw new Error(i18next.t('app.noApi'));
  return found;
}

/** A failed call, carrying the typed error (code + Chinese message) for the UI to show. */
export class CallError extends Error {
  readonly code: ContractError['code'];
  readonly details: unknown;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.details = error.details;
  }
}

export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await api().invoke(channel, request);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  return api().on(event, listener);
}

export function platform(): 'electron' | 'web' {
  return api().platform;
}
