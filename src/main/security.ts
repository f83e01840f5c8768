/**
 * The Electron security policy as pure data and functions (no Electron at run time), so every rule
 * of the Electron security checklist is asserted by a unit test on plain Node. window.ts and the
 * IPC router only apply what is decided here.
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';

/** The packaged renderer is served from `app://bundle/…` (checklist 18: a custom protocol, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Checklist 2–4, 6, 8–12: the renderer runs sandboxed, isolated, without Node. */
export function secureWebPreferences(preloadPath: string, isPackaged = true): WebPreferences {
  return {
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
    safeDialogs: true,
    spellcheck: false,
    // A packaged build has no DevTools: they would let anyone at the keyboard script the bridge.
    devTools: !isPackaged,
  };
}

/**
 * Switches a packaged build refuses to start with. Chromium's remote debugging would let any
 * program of the same user drive the window (and so the bridge) over the DevTools protocol, with
 * DevTools turned off or not; Node's inspector is also off by fuse (scripts/packaging/fuses.ts),
 * refused here as well in case a build ever ships without its fuses.
 */
export const PACKAGED_REFUSED_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk', 'inspect-port'] as const;

/** The refused switches the process was started with (none in an unpackaged run: debugging is for development). */
export function refusedSwitches(isPackaged: boolean, hasSwitch: (name: string) => boolean): string[] {
  return isPackaged ? PACKAGED_REFUSED_SWITCHES.filter((name) => hasSwitch(name)) : [];
}

/**
 * Checklist 7. Sent as a response header by the app:// handler and repeated in index.html's
 * <meta> (a test keeps the two in step; see META_CONTENT_SECURITY_POLICY). `connect-src 'self'`: the renderer talks to nothing
 * but its own bundle; every backend call goes through IPC.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  'object-src': "'none'",
};

export const CONTENT_SECURITY_POLICY = serializeCsp(CSP_DIRECTIVES);

/** Headers every answer carrying the renderer gets, from app:// in Electron and from the browser host. */
export const RESPONSE_SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

/** frame-ancestors works only as a header; in a <meta> it is ignored (and Chromium logs an error). */
const { 'frame-ancestors': _headerOnly, ...META_DIRECTIVES } = CSP_DIRECTIVES;

/** The <meta> copy in index.html: the header policy minus what a <meta> cannot carry. */
export const META_CONTENT_SECURITY_POLICY = serializeCsp(META_DIRECTIVES);

/**
 * Development only (electron-vite dev): the Vite server injects an inline React-refresh preamble
 * and <style> tags for CSS imports. They carry a per-server-start nonce, so even in development
 * no 'unsafe-*' source is needed. Never used by a packaged build.
 */
export function devContentSecurityPolicy(nonce: string): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('CSP nonce must be at least 16 base64 characters');
  return serializeCsp({
    ...META_DIRECTIVES,
    'script-src': `'self' 'nonce-${nonce}'`,
    'style-src': `'self' 'nonce-${nonce}'`,
  });
}

function serializeCsp(directives: Readonly<Record<string, string>>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for `app://bundle/…` exactly. Compared by protocol and host (not `origin`: for a
 * non-special scheme `new URL('app://x').origin` is the string "null" for every host).
 */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === ''
  );
}

/** The origin of a dev server URL (http(s) only), or null when it is not one. */
function devOrigin(devServerUrl: string | undefined): string | null {
  if (!devServerUrl) return null;
  const u = parseUrl(devServerUrl);
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:') ? u.origin : null;
}

function isDevServerUrl(url: string, devServerUrl: string | undefined): boolean {
  const origin = devOrigin(devServerUrl);
  const u = parseUrl(url);
  return origin !== null && u !== null && u.origin === origin;
}

export interface OriginPolicy {
  /** ELECTRON_RENDERER_URL, passed only when the app is not packaged (electron-vite dev). */
  readonly devServerUrl?: string | undefined;
}

/** Checklist 13: the window may only ever show the app's own pages. */
export function isAllowedNavigation(url: string, policy: OriginPolicy = {}): boolean {
  return isAppUrl(url) || isDevServerUrl(url, policy.devServerUrl);
}

/** Checklist 5: no web permission (camera, notifications, clipboard, …) is ever granted. */
export function permissionDecision(_permission?: string): false {
  return false;
}

export interface SenderInfo {
  readonly url: string;
  readonly isMainFrame: boolean;
}

/** Checklist 17: only the app's own top-level page may call IPC (no iframe, no foreign page). */
export function isTrustedSender(sender: SenderInfo, policy: OriginPolicy = {}): boolean {
  return sender.isMainFrame === true && isAllowedNavigation(sender.url, policy);
}

/**
 * Maps a URL path of app://bundle to a file inside `root`, or null when it would leave it
 * (`..`, `%2e%2e`, encoded slashes or backslashes, NUL, malformed escapes). Leading slashes are stripped, so an
 * "absolute" path stays relative to the bundle.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // No bundle file has a NUL or a backslash; on Windows a backslash would be a separator.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const relative = decoded.replace(/^\/+/, '');
  // A Windows drive or UNC path would make path.resolve ignore the base.
  if (path.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return null;
  const full = path.resolve(base, relative);
  return full.startsWith(base + path.sep) ? full : null;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Served with `X-Content-Type-Options: nosniff`, so an unknown type is never guessed into script. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
