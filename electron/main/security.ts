/**
 * The locked-down shell: window options, the Content-Security-Policy, and the
 * guards put on the session and on every web contents. Kept free of runtime
 * Electron imports so that a test can read and exercise them in plain Node.
 */
import type { BrowserWindowConstructorOptions, Event, HandlerDetails, OnBeforeRequestListenerDetails, Session, WebContents } from 'electron';

/** The app's own origin: the renderer is served by the privileged app:// protocol. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ledger`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

/**
 * The main window, with its options written out literally where the window is created, so
 * that static checkers (electronegativity) see every setting. The BrowserWindow class is
 * passed in, which lets the tests read the options without Electron.
 */
export function createMainWindow<W>(BrowserWindow: new (options: BrowserWindowConstructorOptions) => W, preloadPath: string, state: WindowState): W {
  return new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 960,
    minHeight: 600,
    title: '帮扶台账',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: true,
    },
  });
}

/** The options the main window is created with (for tests and reviews). */
export function mainWindowOptions(preloadPath: string, state: WindowState): BrowserWindowConstructorOptions {
  let captured: BrowserWindowConstructorOptions | undefined;
  class Capture {
    constructor(options: BrowserWindowConstructorOptions) {
      captured = options;
    }
  }
  createMainWindow(Capture, preloadPath, state);
  return captured!;
}

/** Only the app's own files (and in-page data/blob URLs, and the devtools) may be loaded. */
export function isAllowedUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:');
}

/** Deny every permission, block all network requests, add the CSP to every response. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details: OnBeforeRequestListenerDetails, callback: (r: { cancel: boolean }) => void) => {
    callback({ cancel: !isAllowedUrl(details.url) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event: Event, url: string) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event: Event, url: string) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: Event) => event.preventDefault());
  contents.setWindowOpenHandler((_details: HandlerDetails) => ({ action: 'deny' }));
}

/** A sender is trusted only when it is our top frame showing our own page. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && frame.url.startsWith(`${APP_ORIGIN}/`);
}
