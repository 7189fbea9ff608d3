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
  const api = {
    platform: 'web',
    async invoke(channel, request) {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bridge-token': token },
        body: JSON.stringify({ channel, request }),
      });
      return res.json();
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
