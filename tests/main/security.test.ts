import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  contentTypeFor,
  devContentSecurityPolicy,
  isAllowedNavigation,
  isTrustedSender,
  permissionDecision,
  refusedSwitches,
  resolveInside,
  secureWebPreferences,
} from '../../src/main/security';

const DEV = 'http://localhost:5173';

function parseCsp(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');

  it.each([
    ['preload', '/app/out/preload/index.cjs'],
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['devTools', false],
  ] as const)('%s is %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink feature and no other risky option', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('allows DevTools only in an unpackaged (development) run', () => {
    expect(secureWebPreferences('/p', false).devTools).toBe(true);
    expect(secureWebPreferences('/p', true).devTools).toBe(false);
  });
});

describe('refusedSwitches', () => {
  const startedWith = (...switches: string[]) => (name: string) => switches.includes(name);

  it('names the debugging switches a packaged build was started with', () => {
    expect(refusedSwitches(true, startedWith('remote-debugging-port', 'lang', 'inspect-brk'))).toEqual(['remote-debugging-port', 'inspect-brk']);
    expect(refusedSwitches(true, startedWith('remote-debugging-pipe'))).toEqual(['remote-debugging-pipe']);
    expect(refusedSwitches(true, startedWith('inspect', 'inspect-port'))).toEqual(['inspect', 'inspect-port']);
  });

  it('refuses nothing else, and nothing in an unpackaged run', () => {
    expect(refusedSwitches(true, startedWith('lang', 'enable-features'))).toEqual([]);
    expect(refusedSwitches(false, startedWith('remote-debugging-port', 'inspect'))).toEqual([]);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('denies by default and allows only the bundle itself', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    for (const d of ['base-uri', 'form-action', 'frame-ancestors', 'object-src']) expect(csp.get(d)).toEqual(["'none'"]);
  });

  it('has no unsafe-* source, no wildcard and no remote scheme', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*|https?:|ws:|blob:/);
  });

  it('is repeated in the <meta> tag of src/renderer/index.html, minus the header-only frame-ancestors', () => {
    const html = readFileSync(path.resolve(__dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace(" frame-ancestors 'none';", ''));
  });

  it('has a development variant that adds a nonce, never unsafe-*', () => {
    const dev = parseCsp(devContentSecurityPolicy('abcdefghijklmnopqrstuv'));
    expect(dev.get('script-src')).toEqual(["'self'", "'nonce-abcdefghijklmnopqrstuv'"]);
    expect(dev.get('default-src')).toEqual(["'none'"]);
    expect(devContentSecurityPolicy('abcdefghijklmnopqrstuv')).not.toMatch(/unsafe-/);
    expect(() => devContentSecurityPolicy("x'; script-src *")).toThrow();
  });
});

describe('isAllowedNavigation', () => {
  it.each([
    [APP_ENTRY_URL, true],
    ['app://bundle/', true],
    ['app://bundle/assets/index.js?x=1#y', true],
    ['app://bundle.evil/index.html', false],
    ['app://evil/index.html', false],
    ['app://bundle@evil/index.html', false],
    ['app://user:pw@bundle/index.html', false],
    ['app://bundle:8080/index.html', false],
    ['https://evil.example/', false],
    ['http://localhost:5173/', false], // the dev server only when it is explicitly passed
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['', false],
    ['not a url', false],
    ['app:bundle/index.html', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed);
  });

  it('allows the dev server origin only when it is passed in', () => {
    expect(isAllowedNavigation('http://localhost:5173/index.html', { devServerUrl: DEV })).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', { devServerUrl: DEV })).toBe(false);
    expect(isAllowedNavigation('http://localhost.evil:5173/', { devServerUrl: DEV })).toBe(false);
    // A dev server URL that is not http(s) grants nothing.
    expect(isAllowedNavigation('file:///x', { devServerUrl: 'file:///x' })).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it.each([
    [{ url: APP_ENTRY_URL, isMainFrame: true }, true],
    [{ url: APP_ENTRY_URL, isMainFrame: false }, false], // an iframe, even our own
    [{ url: 'app://bundle.evil/index.html', isMainFrame: true }, false],
    [{ url: 'https://evil.example/', isMainFrame: true }, false],
    [{ url: 'about:blank', isMainFrame: true }, false],
    [{ url: '', isMainFrame: true }, false],
    [{ url: `${DEV}/`, isMainFrame: true }, false],
  ])('%o → %s', (sender, trusted) => {
    expect(isTrustedSender(sender)).toBe(trusted);
  });

  it('trusts the dev server page only in dev, and only its top frame', () => {
    expect(isTrustedSender({ url: `${DEV}/`, isMainFrame: true }, { devServerUrl: DEV })).toBe(true);
    expect(isTrustedSender({ url: `${DEV}/`, isMainFrame: false }, { devServerUrl: DEV })).toBe(false);
  });
});

describe('permissionDecision', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])('denies %s', (p) => {
    expect(permissionDecision(p)).toBe(false);
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/srv/bundle');
  const inside = (...p: string[]) => path.join(root, ...p);

  it.each([
    ['/index.html', inside('index.html')],
    ['/assets/index-abc.js', inside('assets', 'index-abc.js')],
    ['/assets/../index.html', inside('index.html')],
    ['/a%20b.css', inside('a b.css')],
    ['//etc/passwd', inside('etc', 'passwd')], // an "absolute" path stays in the bundle
    ['/etc/passwd', inside('etc', 'passwd')],
    ['/%252e%252e/x', inside('%2e%2e', 'x')], // decoded once only
  ])('%s → inside the root', (urlPath, expected) => {
    expect(resolveInside(root, urlPath)).toBe(expected);
  });

  it.each([
    '/../secret',
    '/../../etc/passwd',
    '/assets/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/..%2fsecret',
    '/..%2Fsecret',
    '/..%5csecret',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/index.html%00.png',
    '/%E0%A4%A', // malformed escape
    '/',
    '',
    '/.',
    '/..',
    '/../bundle-other/x', // a sibling that shares the prefix
    '/C:/Windows/win.ini',
  ])('%s → null', (urlPath) => {
    expect(resolveInside(root, urlPath)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.CSS', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['noext', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});
