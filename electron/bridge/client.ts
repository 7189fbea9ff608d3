/**
 * The script the bridge injects into the page: it defines window.reliefLedger
 * with the same invoke/on shape the Electron preload exposes, over fetch and
 * server-sent events. Kept as plain JavaScript text (it runs in the page).
 */
export const BRIDGE_CLIENT_JS = `(() => {
  'use strict';
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('bridgeToken', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem('bridgeToken') || '';
  const listeners = new Map();
  let source = null;
  function connect() {
    if (source) return;
    source = new EventSource('/api/events?token=' + encodeURIComponent(token));
    source.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      for (const fn of listeners.get(msg.event) || []) fn(msg.payload);
    };
  }
  // Calls go over one WebSocket, opened at once (while the app's bundle still loads); each
  // answer finds its call by id. When the socket is down, a call goes by POST instead and the
  // socket is opened again for the next ones.
  const pending = new Map();
  let socket = null;
  let socketOpen = null;
  let nextId = 1;
  function openSocket() {
    if (socketOpen) return socketOpen;
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/socket?token=' + encodeURIComponent(token));
    socketOpen = new Promise((resolve) => {
      ws.onopen = () => { socket = ws; resolve(ws); };
      ws.onmessage = (e) => {
        const msg = JSON.parse(e.data);
        const call = pending.get(msg.id);
        if (call) { pending.delete(msg.id); call.resolve(msg.result); }
      };
      ws.onclose = () => {
        if (socket === ws) socket = null;
        socketOpen = null;
        resolve(null);
        for (const [id, call] of pending) {
          if (call.ws === ws) { pending.delete(id); call.reject(new Error('与台账的连接已断开')); }
        }
      };
    });
    return socketOpen;
  }
  openSocket();
  async function post(channel, request) {
    const res = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-token': token },
      body: JSON.stringify({ channel, request }),
    });
    return res.json();
  }
  const api = {
    platform: 'web',
    async invoke(channel, request) {
      const ws = socket || await openSocket();
      if (!ws || ws.readyState !== WebSocket.OPEN) return post(channel, request);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, ws });
        ws.send(JSON.stringify({ id, channel, request }));
      });
    },
    on(event, listener) {
      connect();
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
  };
  Object.defineProperty(window, 'reliefLedger', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
