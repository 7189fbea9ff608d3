/**
 * The preload: exposes exactly one object, window.reliefLedger, with
 * invoke(channel, request) for contract channels and on(event, listener) for
 * contract events. No raw ipcRenderer reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, eventChannel } from '../../shared/contractNames.ts';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('reliefLedger', {
  platform: 'electron',
  invoke(channel: string, request: unknown): Promise<unknown> {
    if (!channels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `未知的请求通道：${channel}` } });
    return ipcRenderer.invoke(channel, request);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(event)) throw new Error(`未知的事件：${event}`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
});
