/**
 * The main window and everything around it that Electron needs at run time: the privileged app://
 * scheme that serves the built renderer, the hardened session and web contents. The decisions
 * themselves live in security.ts; this file only wires them to Electron.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, protocol, type Session, type WebContents } from 'electron';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  RESPONSE_SECURITY_HEADERS,
  contentTypeFor,
  isAllowedNavigation,
  permissionDecision,
  resolveInside,
  secureWebPreferences,
  type OriginPolicy,
} from './security';

// This module is bundled into out/main/index.js; the preload and the renderer sit beside it.
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PRELOAD_PATH = path.join(outDir, 'preload', 'index.cjs');
export const RENDERER_ROOT = path.join(outDir, 'renderer');

/** Must run before `app` is ready: app:// behaves like https (secure, standard, fetch-able). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}



function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...RESPONSE_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** The app:// handler: files inside `root` only, each with the CSP as a response header. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const realRoot = realpath(root).catch(() => path.resolve(root));
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    const file = resolveInside(root, url.pathname);
    if (file === null) return notFound();
    try {
      // A symbolic link inside the bundle must not lead out of it either.
      const real = await realpath(file);
      if (!real.startsWith((await realRoot) + path.sep)) return notFound();
      const body = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...RESPONSE_SECURITY_HEADERS, 'content-type': contentTypeFor(real) },
      });
    } catch {
      return notFound();
    }
  };
}

export function serveRenderer(root: string = RENDERER_ROOT): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root));
}

/** Checklist 5: every permission request and check is answered "no". */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => permissionDecision());
}

/** Checklist 11–14: no navigation away from the app, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContents, policy: OriginPolicy): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url, policy)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // webPreferences.devTools is false in a packaged build; should anything open them anyway
  // (a future web contents created without those preferences), they are closed at once.
  if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

export interface WindowOptions {
  /** ELECTRON_RENDERER_URL; ignored when the app is packaged. */
  readonly devServerUrl?: string | undefined;
  /** Where a failure to load the renderer is reported (main's logger). */
  readonly onLoadError?: (message: string) => void;
}

export function createMainWindow(opts: WindowOptions = {}): BrowserWindow {
  const devServerUrl = app.isPackaged ? undefined : opts.devServerUrl;
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Foundry Secrets',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(PRELOAD_PATH, app.isPackaged),
  });
  hardenSession(win.webContents.session);
  hardenWebContents(win.webContents, { devServerUrl });
  win.once('ready-to-show', () => win.show());
  win.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((err: unknown) => {
    const message = `the renderer did not load: ${err instanceof Error ? err.message : String(err)}`;
    if (opts.onLoadError) opts.onLoadError(message);
    else console.error(`[window] ${message}`);
  });
  return win;
}
