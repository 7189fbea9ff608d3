/**
 * Dispatch one contract call: validate the request against its schema, run the
 * handler, and turn any failure into the typed ContractError the renderer shows.
 * Nothing unvalidated reaches a handler.
 */
import { CONTRACT, type Channel, type ContractError, type ContractErrorCode, type InvokeResult } from '../../../shared/contract.ts';
import { LedgerError, toLedgerError, type LedgerErrorCode } from '../errors.ts';
import { coreHandlers, type CoreHandlers, type LedgerHost } from './handlers.ts';

/** Every core error code is a contract error code (compile-time check). */
const everyLedgerCodeIsAContractCode: LedgerErrorCode extends ContractErrorCode ? true : never = true;
void everyLedgerCodeIsAContractCode;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(CONTRACT, name);
}

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
}

function describeIssues(issues: readonly ZodIssueLike[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '（整体）'}: ${i.message}`)
    .join('；');
}

export function contractError(err: unknown): ContractError {
  const e = err instanceof LedgerError ? err : toLedgerError(err);
  const out: ContractError = { code: e.code as ContractErrorCode, message: e.message };
  if (e.details !== undefined) out.details = e.details;
  return out;
}

export async function dispatch(host: LedgerHost, channel: unknown, request: unknown, handlers: CoreHandlers = coreHandlers): Promise<InvokeResult<Channel>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `未知的请求通道：${String(channel).slice(0, 60)}` } };
  }
  const parsed = CONTRACT[channel].request.safeParse(request);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_request', message: `请求参数无效（${channel}）：${describeIssues(parsed.error.issues)}` } };
  }
  try {
    const handler = handlers[channel] as (req: unknown, host: LedgerHost) => unknown;
    const value = await handler(parsed.data, host);
    return { ok: true, value } as InvokeResult<Channel>;
  } catch (err) {
    const error = contractError(err);
    if (error.code === 'internal') console.error(`[${channel}]`, err);
    return { ok: false, error };
  }
}
