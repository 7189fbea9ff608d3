/**
 * Binds every contract channel to the shared handler table. Each call checks
 * the sender frame, then `dispatch` validates the request against its schema
 * and maps failures to a typed ContractError. Type-only Electron imports: the
 * binding is exercised in plain Node by the tests.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel, type InvokeResult } from '../../shared/contract.ts';
import { dispatch } from '../core/api/dispatch.ts';
import type { LedgerHost } from '../core/api/handlers.ts';
import { isTrustedSender } from './security.ts';

export interface InvokeRegistry {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export function bindContract(ipc: InvokeRegistry, host: LedgerHost): Channel[] {
  for (const channel of CHANNELS) {
    ipc.handle(channel, async (event, request): Promise<InvokeResult<Channel>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'forbidden', message: '拒绝来自非本程序页面的请求' } };
      }
      return dispatch(host, channel, request);
    });
  }
  return [...CHANNELS];
}
