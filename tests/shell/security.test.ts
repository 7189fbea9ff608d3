/**
 * The shell's security settings, read and exercised without Electron: window
 * options, CSP, the session guards (permissions, network), the web-contents
 * guards (navigation, new windows, webviews) and the sender check.
 */
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_URL, CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAllowedUrl, isTrustedSender, mainWindowOptions } from '../../electron/main/security.ts';
import { BRIDGE_CSP } from '../../electron/bridge/server.ts';

describe('window options', () => {
  const o = mainWindowOptions('/app/preload.js', { width: 1200, height: 800 });
  it('isolate and sandbox the renderer with no Node', () => {
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/preload.js',
    });
  });
});

describe('Content-Security-Policy', () => {
  it('allows only the app itself: no remote scripts, no eval, no remote connections, no plugins', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(BRIDGE_CSP).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('session guards', () => {
  type Handler = (...args: never[]) => unknown;
  const registered: Record<string, Handler> = {};
  hardenSession({
    setPermissionRequestHandler: (h: Handler) => void (registered.permission = h),
    setPermissionCheckHandler: (h: Handler) => void (registered.check = h),
    webRequest: {
      onBeforeRequest: (h: Handler) => void (registered.request = h),
      onHeadersReceived: (h: Handler) => void (registered.headers = h),
    },
  } as never);

  it('deny every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      (registered.permission as (wc: unknown, p: string, cb: (g: boolean) => void) => void)(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect((registered.check as () => boolean)()).toBe(false);
  });

  it('cancel every request that is not the app itself: no network access at all', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (registered.request as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide(`${APP_ORIGIN}/index.html`)).toBe(false);
    expect(decide(`${APP_ORIGIN}/assets/index.js`)).toBe(false);
    expect(decide('data:image/png;base64,AAAA')).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'ws://evil/', 'app://other/x', 'ftp://x/']) {
      expect(decide(url), url).toBe(true);
    }
    expect(isAllowedUrl('https://www.ag-grid.com/')).toBe(false);
  });

  it('add the CSP to every response', () => {
    let headers: Record<string, string[]> | undefined;
    (registered.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'content-type': ['text/html'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('web contents guards', () => {
  const listeners: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  hardenWebContents({
    on: (name: string, fn: never) => void (listeners[name] = fn),
    setWindowOpenHandler: (fn: never) => void (openHandler = fn),
  } as never);

  const prevented = (name: string, url?: string) => {
    let p = false;
    listeners[name]!({ preventDefault: () => (p = true) }, url);
    return p;
  };

  it('block navigation and redirects away from the app', () => {
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'file:///tmp/x.html')).toBe(true);
    expect(prevented('will-navigate', APP_URL)).toBe(false);
    expect(prevented('will-redirect', 'https://example.com/')).toBe(true);
  });

  it('deny new windows and webviews', () => {
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(prevented('will-attach-webview')).toBe(true);
  });
});

describe('sender check', () => {
  it('trusts only the top frame of our own page', () => {
    expect(isTrustedSender({ url: APP_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: APP_URL, parent: {} })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
