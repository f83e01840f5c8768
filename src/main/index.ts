/**
 * The Electron entry point: lifecycle only. Services come from composition.ts, the IPC door from
 * ipc/, the window and its hardening from window.ts.
 */
import path from 'node:path';
import { app, dialog, ipcMain, safeStorage, type BrowserWindow } from 'electron';
import type { ProfileConfirmationAnswer, ProfileConfirmationRequest } from './backends/profile-confirmation';
import { composeMain, type MainServices } from './composition';
import { registerIpc } from './ipc/electron-adapter';
import { createRouter } from './ipc/router';
import { createLogger, parseLogLevel } from './log/index';
import { refusedSwitches } from './security';
import { createMainWindow, hardenWebContents, registerAppScheme, serveRenderer } from './window';

// Both must happen before `ready`: every renderer sandboxed, app:// known as a secure scheme.
app.enableSandbox();
registerAppScheme();

// The dev server is honoured only in an unpackaged run (electron-vite dev).
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
// Every web contents, not only the main window's (a devtools or any future one), gets the same guards.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { devServerUrl }));

const logger = createLogger({ level: parseLogLevel(process.env['FOUNDRY_LOG_LEVEL']) });
let services: MainServices | undefined;
let window: BrowserWindow | undefined;

/** Exports (audit log, coverage matrix): main asks where to save; the renderer never handles the file's content. */
async function chooseSavePath(defaultName: string, title = 'Export'): Promise<string | null> {
  const extension = defaultName.slice(defaultName.lastIndexOf('.') + 1);
  const options = {
    title,
    defaultPath: path.join(app.getPath('documents'), defaultName),
    filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
  };
  const answer = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}

/** A secret's value from a file (a PEM key, a certificate): main reads it, the window never sees it. */
async function chooseValueFile(): Promise<string | null> {
  const options = { title: 'Read the secret value from a file', properties: ['openFile' as const, 'dontAddToRecent' as const] };
  const answer = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return answer.canceled ? null : (answer.filePaths[0] ?? null);
}

/** A `.env` file to import: main reads and parses it; the window gets keys and line numbers, never values. */
async function chooseImportFile(): Promise<string | null> {
  const options = { title: 'Import secrets from a .env file', properties: ['openFile' as const, 'showHiddenFiles' as const, 'dontAddToRecent' as const] };
  const answer = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return answer.canceled ? null : (answer.filePaths[0] ?? null);
}

/**
 * A new key-check base URL is where keys will be sent: the person confirms it here, in a native
 * box the window's script cannot answer for it.
 */
async function confirmKeyCheckUrls(urls: readonly { providerLabel: string; url: string }[]): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'Send keys to a new address?',
    message: 'Keys will be sent to these addresses when they are checked before saving:',
    detail: `${urls.map((entry) => `${entry.providerLabel}: ${entry.url}`).join('\n')}\n\nConfirm only your own proxy or instance.`,
    buttons: ['Cancel', 'Use these addresses'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const answer = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return answer.response === 1;
}

/**
 * A profile change that re-points or unlocks a profile: the person confirms it here, in a native
 * box the window's script cannot answer. Remote plain http needs the box ticked as well.
 */
async function confirmProfileChange(request: ProfileConfirmationRequest): Promise<ProfileConfirmationAnswer> {
  const options = {
    type: 'warning' as const,
    title: request.title,
    message: request.message,
    detail: request.detail.join('\n'),
    buttons: ['Cancel', request.confirmLabel],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    ...(request.cleartextHost && { checkboxLabel: `Allow unencrypted http to ${request.cleartextHost}`, checkboxChecked: false }),
  };
  const answer = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return { approved: answer.response === 1, allowCleartext: answer.checkboxChecked };
}

async function start(): Promise<void> {
  try {
    await app.whenReady();
    serveRenderer();
    services = await composeMain({
      userDataDir: app.getPath('userData'),
      safeStorage,
      logger,
      chooseSavePath,
      chooseValueFile,
      chooseImportFile,
      confirmKeyCheckUrls,
      confirmProfileChange,
      // Events go to the app's own window only (progress of long work; never a value).
      emit: (channel, payload) => window?.webContents.send(channel, payload),
    });
    registerIpc(ipcMain, createRouter(services.handlers, { devServerUrl, log: (message) => logger.error(message, { component: 'ipc' }) }));
    window = createMainWindow({ devServerUrl, onLoadError: (message) => logger.error(message, { component: 'window' }) });
  } catch (err) {
    // The message only: a stack trace helps nobody at this dialog and may be long.
    dialog.showErrorBox('Foundry Secrets could not start', err instanceof Error ? err.message : String(err));
    await services?.close().catch(() => undefined);
    services = undefined;
    app.exit(1);
  }
}

const refused = refusedSwitches(app.isPackaged, (name) => app.commandLine.hasSwitch(name));
if (refused.length > 0) {
  // Before ready: no window, no vault, nothing for a debugger to reach. (showErrorBox works before ready.)
  dialog.showErrorBox(
    'Foundry Secrets will not start',
    `It was started with ${refused.map((name) => `--${name}`).join(', ')}, which would let another program control it. Start it without.`,
  );
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // One process owns the vault's data directory at a time.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!services) return;
    // Close the vault (flush, release its lock) before the process ends.
    event.preventDefault();
    const closing = services;
    services = undefined;
    closing
      .close()
      .catch((error: unknown) => logger.error('closing services failed', { error }))
      .finally(() => app.quit());
  });
  void start();
}
