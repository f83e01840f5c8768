/**
 * Plugs the router into Electron's ipcMain: one `handle` per contract channel, nothing more.
 * ipcMain is passed in (types only from electron), so a test drives it with a fake.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, ipcChannel } from '../../shared/contract';
import type { SenderInfo } from '../security';
import type { Router } from './router';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** The frame that sent the message; `senderFrame` is null once it navigated away or died. */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame;
  if (!frame) return { url: '', isMainFrame: false };
  try {
    return { url: frame.url, isMainFrame: frame.parent === null };
  } catch {
    // Reading a disposed frame throws: treat it as an unknown sender.
    return { url: '', isMainFrame: false };
  }
}

/** Registers exactly the contract's channels; returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMainLike, router: Router): () => void {
  const channels = channelNames.map((name) => ipcChannel(name));
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => router.dispatch(channel, senderOf(event), input));
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
