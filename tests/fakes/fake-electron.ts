/**
 * A small hand-written stand-in for the `electron` module (the binary cannot exist here). It only
 * records what the glue asks of it, so tests can assert the calls and fire the events.
 * Use with `vi.mock('electron', () => import('../fakes/fake-electron'))`.
 */
type Listener = (...args: never[]) => unknown;

/** Every call the glue made, in order: [api, ...arguments]. */
export const calls: Array<[string, ...unknown[]]> = [];
const record = (name: string, ...args: unknown[]): void => {
  calls.push([name, ...args]);
};

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  /** Calls every listener of `event` with `args`; returns what they returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
  }
}

/** An Electron event: records preventDefault. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeSession {
  permissionRequestHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
  permissionCheckHandler?: (contents: unknown, permission: string, origin?: string, details?: unknown) => boolean;
  devicePermissionHandler?: (details: unknown) => boolean;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

export class FakeWebContents extends FakeEmitter {
  readonly session = new FakeSession();
  windowOpenHandler?: (details: { url: string }) => unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  readonly sent: [string, unknown][] = [];
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  devToolsClosed = 0;
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
}

export class BrowserWindow extends FakeEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    record('BrowserWindow', options);
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

class FakeApp extends FakeEmitter {
  isPackaged = false;
  singleInstanceLock = true;
  exitCode: number | undefined;
  /** The switches the process was started with (a test adds them, e.g. 'remote-debugging-port'). */
  readonly commandLine = {
    switches: new Set<string>(),
    hasSwitch(name: string): boolean {
      return this.switches.has(name);
    },
  };
  enableSandbox(): void {
    record('app.enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    record('app.whenReady');
    return Promise.resolve();
  }
  getPath(name: string): string {
    return `/fake/${name}`;
  }
  quit(): void {
    record('app.quit');
  }
  exit(code = 0): void {
    record('app.exit', code);
    this.exitCode = code;
  }
}
export const app = new FakeApp();

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, IpcHandler>(),
  handle(channel: string, handler: IpcHandler): void {
    // Electron refuses a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    record('ipcMain.handle', channel);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    record('ipcMain.removeHandler', channel);
    this.handlers.delete(channel);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    record('protocol.registerSchemesAsPrivileged', schemes);
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    record('protocol.handle', scheme);
    this.handlers.set(scheme, handler);
  },
};

export const session = { defaultSession: new FakeSession() };

export const dialog = {
  /** What the next open dialog answers (a test sets it). */
  openAnswer: { canceled: true, filePaths: [] as string[] },
  showErrorBox(title: string, content: string): void {
    record('dialog.showErrorBox', title, content);
  },
  /** The button index the next message box answers. */
  messageBoxResponse: 0,
  /** Whether the next message box's checkbox comes back ticked. */
  messageBoxChecked: false,
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    record('dialog.showMessageBox', ...args);
    return { response: dialog.messageBoxResponse, checkboxChecked: dialog.messageBoxChecked };
  },
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    record('dialog.showOpenDialog', ...args);
    return dialog.openAnswer;
  },
};

export const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(false),
  encryptStringAsync: (_s: string) => Promise.reject(new Error('fake safeStorage cannot encrypt')),
  decryptStringAsync: (_b: Buffer) => Promise.reject(new Error('fake safeStorage cannot decrypt')),
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    record('contextBridge.exposeInMainWorld', key);
    this.exposed.set(key, api);
  },
};

type RendererListener = (event: { sender: string; ports: unknown[] }, payload: unknown) => void;

export const ipcRenderer = {
  listeners: new Map<string, Set<RendererListener>>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    record('ipcRenderer.invoke', channel, ...args);
    return Promise.resolve({ ok: true, value: { channel } });
  },
  on(channel: string, listener: RendererListener): void {
    record('ipcRenderer.on', channel);
    const set = ipcRenderer.listeners.get(channel) ?? new Set();
    set.add(listener);
    ipcRenderer.listeners.set(channel, set);
  },
  removeListener(channel: string, listener: RendererListener): void {
    record('ipcRenderer.removeListener', channel);
    ipcRenderer.listeners.get(channel)?.delete(listener);
  },
  /** What main's webContents.send would do: every listener of the channel gets (event, payload). */
  emit(channel: string, payload: unknown): void {
    for (const listener of ipcRenderer.listeners.get(channel) ?? []) listener({ sender: 'main-internals', ports: [] }, payload);
  },
};

export const net = {
  fetch(url: string): Promise<Response> {
    record('net.fetch', url);
    return Promise.resolve(new Response(null, { status: 404 }));
  },
};

/** Back to a fresh state between tests. */
export function resetFakeElectron(): void {
  calls.length = 0;
  app.listeners.clear();
  app.isPackaged = false;
  app.singleInstanceLock = true;
  app.exitCode = undefined;
  app.commandLine.switches.clear();
  BrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  contextBridge.exposed.clear();
  dialog.openAnswer = { canceled: true, filePaths: [] };
  dialog.messageBoxResponse = 0;
  dialog.messageBoxChecked = false;
  ipcRenderer.listeners.clear();
}

export default { app, BrowserWindow, ipcMain, protocol, session, dialog, safeStorage, contextBridge, ipcRenderer, net };
