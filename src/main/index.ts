/**
 * The Electron entry point: lifecycle only. Services come from composition.ts, the IPC door from
 * ipc/, the window and its hardening from window.ts.
 */
import { app, dialog, ipcMain, safeStorage, type BrowserWindow } from 'electron';
import { composeMain, type MainServices } from './composition';
import { registerIpc } from './ipc/electron-adapter';
import { createRouter } from './ipc/router';
import { createMainWindow, registerAppScheme, serveRenderer } from './window';

// Both must happen before `ready`: every renderer sandboxed, app:// known as a secure scheme.
app.enableSandbox();
registerAppScheme();

let services: MainServices | undefined;
let window: BrowserWindow | undefined;

async function start(): Promise<void> {
  // The dev server is honoured only in an unpackaged run (electron-vite dev).
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  try {
    await app.whenReady();
    serveRenderer();
    services = await composeMain({ userDataDir: app.getPath('userData'), safeStorage });
    registerIpc(ipcMain, createRouter(services.handlers, { devServerUrl }));
    window = createMainWindow({ devServerUrl });
  } catch (err) {
    // The message only: a stack trace helps nobody at this dialog and may be long.
    dialog.showErrorBox('Foundry Secrets could not start', err instanceof Error ? err.message : String(err));
    await services?.close().catch(() => undefined);
    services = undefined;
    app.exit(1);
  }
}

if (!app.requestSingleInstanceLock()) {
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
      .catch((err: unknown) => console.error(`[main] closing services failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => app.quit());
  });
  void start();
}
