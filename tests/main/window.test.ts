import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fake from '../fakes/fake-electron';
import type { ProfileConfirmationRequest } from '../../src/main/backends/profile-confirmation';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../src/main/security';

vi.mock('electron', () => import('../fakes/fake-electron'));

const { createAppProtocolHandler, createMainWindow, hardenSession, hardenWebContents, registerAppScheme, serveRenderer, PRELOAD_PATH, RENDERER_ROOT } =
  await import('../../src/main/window');

beforeEach(() => fake.resetFakeElectron());

function openWindow(opts: Parameters<typeof createMainWindow>[0] = {}): fake.BrowserWindow {
  createMainWindow(opts);
  const win = fake.BrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

function navigate(win: fake.BrowserWindow, event: 'will-navigate' | 'will-redirect', url: string): boolean {
  const e = fake.fakeEvent({ url });
  win.webContents.emit(event, e, url);
  return e.defaultPrevented;
}

describe('createMainWindow', () => {
  it('uses the secure web preferences with the built preload', () => {
    fake.app.isPackaged = true;
    const win = openWindow();
    expect(win.options['webPreferences']).toEqual(secureWebPreferences(PRELOAD_PATH, true));
    expect(PRELOAD_PATH.endsWith(path.join('preload', 'index.cjs'))).toBe(true);
    expect(RENDERER_ROOT.endsWith(`${path.sep}renderer`)).toBe(true);
  });

  it('loads app://bundle/index.html, and never the dev server when packaged', () => {
    fake.app.isPackaged = true;
    expect(openWindow({ devServerUrl: 'http://localhost:5173' }).loaded).toEqual(['app://bundle/index.html']);
  });

  it('loads the dev server only in an unpackaged run', () => {
    fake.app.isPackaged = false;
    expect(openWindow({ devServerUrl: 'http://localhost:5173' }).loaded).toEqual(['http://localhost:5173']);
    expect(openWindow().loaded).toEqual(['app://bundle/index.html']);
  });

  it('prevents navigation and redirects away from the app', () => {
    const win = openWindow();
    for (const ev of ['will-navigate', 'will-redirect'] as const) {
      expect(navigate(win, ev, 'https://evil.example/')).toBe(true);
      expect(navigate(win, ev, 'app://bundle.evil/index.html')).toBe(true);
      expect(navigate(win, ev, 'file:///etc/passwd')).toBe(true);
      expect(navigate(win, ev, 'app://bundle/index.html')).toBe(false);
    }
  });

  it('keeps the dev server navigable in dev only', () => {
    const dev = openWindow({ devServerUrl: 'http://localhost:5173' });
    expect(navigate(dev, 'will-navigate', 'http://localhost:5173/x')).toBe(false);
    fake.app.isPackaged = true;
    const packaged = openWindow({ devServerUrl: 'http://localhost:5173' });
    expect(navigate(packaged, 'will-navigate', 'http://localhost:5173/x')).toBe(true);
  });

  it('denies every window.open', () => {
    const win = openWindow();
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler?.({ url: 'app://bundle/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const win = openWindow();
    const e = fake.fakeEvent();
    win.webContents.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });

  it('answers every permission request and check with false', () => {
    const ses = openWindow().webContents.session;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      const answers: boolean[] = [];
      ses.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
      expect(ses.permissionCheckHandler?.({}, permission, 'app://bundle')).toBe(false);
    }
    expect(ses.devicePermissionHandler?.({})).toBe(false);
  });

  it('shows the window once it is ready', () => {
    const win = openWindow();
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });
});

describe('in a packaged build', () => {
  it('turns DevTools off in the window, and on only in an unpackaged run', () => {
    fake.app.isPackaged = true;
    expect(openWindow().options['webPreferences']).toMatchObject({ devTools: false });
    fake.app.isPackaged = false;
    expect(openWindow().options['webPreferences']).toMatchObject({ devTools: true });
  });

  it('closes DevTools at once if any web contents ever opens them', () => {
    fake.app.isPackaged = true;
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never, {});
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(1);
  });

  it('leaves DevTools alone in an unpackaged run (electron-vite dev)', () => {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never, {});
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(0);
  });
});

describe('hardenSession', () => {
  it('installs all three handlers on the given session', () => {
    const ses = new fake.FakeSession();
    hardenSession(ses as never);
    expect(ses.permissionRequestHandler).toBeTypeOf('function');
    expect(ses.permissionCheckHandler).toBeTypeOf('function');
    expect(ses.devicePermissionHandler).toBeTypeOf('function');
  });
});

describe('the app:// scheme', () => {
  it('is registered as privileged: standard, secure, fetch-able', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('is served by protocol.handle', () => {
    serveRenderer('/nowhere');
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;
  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'foundry-app-scheme-'));
    root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
    writeFileSync(path.join(dir, 'secret.txt'), 'CANARY-outside-the-bundle');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    handler = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['app://bundle/index.html', 'text/html; charset=utf-8', '<!doctype html><title>ok</title>'],
    ['app://bundle/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://bundle/assets/app.css?v=1', 'text/css; charset=utf-8', 'body{}'],
  ])('serves %s as %s with the CSP header', async (url, type, body) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(body);
  });

  it.each([
    'app://bundle/../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/assets/..%2f..%2fsecret.txt',
    'app://bundle/assets/link.txt', // a symbolic link out of the bundle
    'app://bundle/missing.js',
    'app://bundle/assets', // a directory
    'app://bundle/',
    'app://other/index.html',
    'app://bundle.evil/index.html',
  ])('answers 404 for %s, never the file outside', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).not.toContain('CANARY');
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(404);
    const head = await get('app://bundle/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

// ── src/main/index.ts: the lifecycle, run against the fake with a controlled composition ──
const composeMain = vi.hoisted(() => vi.fn());
vi.mock('../../src/main/composition', () => ({ composeMain }));

describe('src/main/index.ts', () => {
  type Fake = typeof fake;
  const closed: string[] = [];
  const services = { handlers: {}, close: async () => void closed.push('closed') };

  /** Runs index.ts afresh; the electron it sees is the fake instance returned here. */
  async function boot(setup: (f: Fake) => void = () => undefined): Promise<Fake> {
    vi.resetModules();
    const f = (await import('electron')) as unknown as Fake;
    f.resetFakeElectron();
    setup(f);
    await import('../../src/main/index');
    return f;
  }

  beforeEach(() => {
    closed.length = 0;
    composeMain.mockReset();
    composeMain.mockResolvedValue(services);
  });

  it('sandboxes every renderer and registers app:// before ready, then composes, registers IPC and opens the window', async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const names = f.calls.map((c) => c[0]);
    expect(names.slice(0, 3)).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(names.indexOf('app.whenReady')).toBeLessThan(names.indexOf('protocol.handle'));
    expect(composeMain).toHaveBeenCalledWith(
      expect.objectContaining({ userDataDir: '/fake/userData', safeStorage: f.safeStorage, logger: expect.anything(), chooseSavePath: expect.any(Function) }),
    );
    expect([...f.ipcMain.handlers.keys()].every((c) => c.startsWith('foundry:'))).toBe(true);
    expect(f.ipcMain.handlers.size).toBeGreaterThan(0);
    expect(f.BrowserWindow.instances[0]?.loaded).toEqual(['app://bundle/index.html']);
  });

  it("reads a secret's value file through the native open dialog: the path it picks, or nothing when cancelled", async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const options = composeMain.mock.calls[0]?.[0] as { chooseValueFile?: () => Promise<string | null> };
    expect(options.chooseValueFile).toEqual(expect.any(Function));
    expect(await options.chooseValueFile?.()).toBeNull();
    f.dialog.openAnswer = { canceled: false, filePaths: ['/home/ana/keys/app.pem'] };
    expect(await options.chooseValueFile?.()).toBe('/home/ana/keys/app.pem');
    const opened = f.calls.filter((c) => c[0] === 'dialog.showOpenDialog');
    expect(opened).toHaveLength(2);
    // Attached to the window, one file only, kept out of the OS's recent documents.
    expect(opened[0]?.[1]).toBe(f.BrowserWindow.instances[0]);
    expect(opened[0]?.[2]).toMatchObject({ properties: ['openFile', 'dontAddToRecent'] });
  });

  it('asks the person in a native box before keys may go to a new key-check base URL; Cancel is the default', async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const options = composeMain.mock.calls[0]?.[0] as { confirmKeyCheckUrls?: (urls: { providerLabel: string; url: string }[]) => Promise<boolean> };
    const urls = [{ providerLabel: 'OpenAI', url: 'https://proxy.example/openai' }];
    expect(await options.confirmKeyCheckUrls?.(urls)).toBe(false);
    f.dialog.messageBoxResponse = 1;
    expect(await options.confirmKeyCheckUrls?.(urls)).toBe(true);
    const shown = f.calls.filter((c) => c[0] === 'dialog.showMessageBox');
    expect(shown[0]?.[1]).toBe(f.BrowserWindow.instances[0]);
    expect(shown[0]?.[2]).toMatchObject({ defaultId: 0, cancelId: 0, detail: expect.stringContaining('OpenAI: https://proxy.example/openai') });
  });

  it('asks in a native box before a profile is created or re-pointed; Cancel is the default; remote http needs the box ticked', async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const options = composeMain.mock.calls[0]?.[0] as { confirmProfileChange?: (request: ProfileConfirmationRequest) => Promise<{ approved: boolean; allowCleartext?: boolean }> };
    const request: ProfileConfirmationRequest = {
      title: 'Change where this profile writes?',
      message: 'Profile “Local” (local) will change:',
      detail: ['endpoint: http://localhost:4566 → http://ls.internal:4566'],
      confirmLabel: 'Save changes',
      cleartextHost: 'ls.internal:4566',
    };
    f.dialog.messageBoxResponse = 0;
    expect(await options.confirmProfileChange?.(request)).toMatchObject({ approved: false });
    f.dialog.messageBoxResponse = 1;
    f.dialog.messageBoxChecked = true;
    expect(await options.confirmProfileChange?.(request)).toEqual({ approved: true, allowCleartext: true });
    f.dialog.messageBoxChecked = false;
    const shown = f.calls.filter((c) => c[0] === 'dialog.showMessageBox');
    expect(shown[0]?.[1]).toBe(f.BrowserWindow.instances[0]);
    expect(shown[0]?.[2]).toMatchObject({
      defaultId: 0,
      cancelId: 0,
      buttons: ['Cancel', 'Save changes'],
      checkboxLabel: 'Allow unencrypted http to ls.internal:4566',
      checkboxChecked: false,
      detail: expect.stringContaining('http://ls.internal:4566'),
    });
  });

  it('sends events to the app window only', async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const options = composeMain.mock.calls[0]?.[0] as { emit?: (channel: string, payload: unknown) => void };
    options.emit?.('foundry-event:fleetProgress', { x: 1 });
    expect(f.BrowserWindow.instances[0]?.webContents.sent).toEqual([['foundry-event:fleetProgress', { x: 1 }]]);
  });

  it('closes the services before the app quits', async () => {
    const f = await boot();
    await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
    const quit = fake.fakeEvent();
    f.app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(closed).toEqual(['closed']));
    await vi.waitFor(() => expect(f.calls.at(-1)?.[0]).toBe('app.quit'));
    // The second will-quit (from that app.quit) lets the app go.
    const again = fake.fakeEvent();
    f.app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('shows the failure message without a stack and exits 1 when the start fails', async () => {
    const failure = new Error('The vault key file /fake/userData/vault.key is unreadable.');
    composeMain.mockRejectedValue(failure);
    const f = await boot();
    await vi.waitFor(() => expect(f.app.exitCode).toBe(1));
    expect(f.calls).toContainEqual(['dialog.showErrorBox', 'Foundry Secrets could not start', failure.message]);
    expect(f.BrowserWindow.instances).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    const f = await boot((x) => {
      x.app.singleInstanceLock = false;
    });
    await Promise.resolve();
    expect(f.calls.map((c) => c[0])).toContain('app.quit');
    expect(composeMain).not.toHaveBeenCalled();
  });

  describe('packaged, with ELECTRON_RENDERER_URL set', () => {
    const DEV = 'http://localhost:5173';
    const saved = process.env['ELECTRON_RENDERER_URL'];
    beforeEach(() => {
      process.env['ELECTRON_RENDERER_URL'] = DEV;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env['ELECTRON_RENDERER_URL'];
      else process.env['ELECTRON_RENDERER_URL'] = saved;
    });

    /** What IPC answers a top-level page at `url` (the first contract channel, no input). */
    async function askFrom(f: Fake, url: string): Promise<unknown> {
      const [channel, handler] = [...f.ipcMain.handlers.entries()][0] ?? [];
      if (!channel || !handler) throw new Error('no IPC handler was registered');
      return handler({ senderFrame: { url, parent: null } });
    }

    /** Whether navigation to `url` is prevented in a web contents created after start. */
    function navigationPrevented(f: Fake, url: string): boolean {
      const contents = new f.FakeWebContents();
      f.app.emit('web-contents-created', fake.fakeEvent(), contents);
      const event = fake.fakeEvent({ url });
      contents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    }

    it('ignores the dev server: loads app://, refuses IPC from it and navigation to it', async () => {
      const f = await boot((x) => {
        x.app.isPackaged = true;
      });
      await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
      expect(f.BrowserWindow.instances[0]?.loaded).toEqual(['app://bundle/index.html']);
      expect(f.BrowserWindow.instances[0]?.options['webPreferences']).toMatchObject({ devTools: false });
      expect(await askFrom(f, `${DEV}/`)).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
      expect(navigationPrevented(f, `${DEV}/x`)).toBe(true);
    });

    it('honours it in an unpackaged run (so the test above can tell the difference)', async () => {
      const f = await boot();
      await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
      expect(f.BrowserWindow.instances[0]?.loaded).toEqual([DEV]);
      expect(await askFrom(f, `${DEV}/`)).not.toMatchObject({ error: { code: 'ACCESS_DENIED' } });
      expect(navigationPrevented(f, `${DEV}/x`)).toBe(false);
    });
  });

  describe('debugging switches', () => {
    it.each(['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk'])(
      'a packaged build started with --%s refuses to start: it says why, opens nothing and exits 1',
      async (name) => {
        const f = await boot((x) => {
          x.app.isPackaged = true;
          x.app.commandLine.switches.add(name);
        });
        await Promise.resolve();
        expect(f.app.exitCode).toBe(1);
        const shown = f.calls.find((c) => c[0] === 'dialog.showErrorBox');
        expect(shown?.[2]).toContain(`--${name}`);
        expect(f.calls.map((c) => c[0])).not.toContain('app.whenReady');
        expect(composeMain).not.toHaveBeenCalled();
        expect(f.BrowserWindow.instances).toHaveLength(0);
      },
    );

    it('an unpackaged run accepts them (debugging is what development is for)', async () => {
      const f = await boot((x) => {
        x.app.commandLine.switches.add('remote-debugging-port');
      });
      await vi.waitFor(() => expect(f.BrowserWindow.instances).toHaveLength(1));
      expect(f.app.exitCode).toBeUndefined();
    });
  });
});
