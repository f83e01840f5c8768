/**
 * Saving an export where the person chooses (Electron: a save dialog; the browser host: a folder
 * of its own). Main writes the file; the window learns only the path and a count.
 */
import path from 'node:path';
import { AppError } from '../shared/errors';
import { writeFileDurably } from './durable-fs';

/** Asks where to save (`title` names what is exported); null when the person cancelled. */
export type ChooseSavePath = (defaultName: string, title?: string) => Promise<string | null>;

/** Asks for a path and writes `content()` there durably; `{ saved: false }` when cancelled. */
export async function saveExport(
  choose: ChooseSavePath | undefined,
  request: { readonly defaultName: string; readonly title: string; readonly content: () => string },
): Promise<{ saved: false } | { saved: true; path: string }> {
  if (!choose) throw new AppError('INTERNAL', 'Export is not available here: this host has no save dialog.');
  const target = await choose(request.defaultName, request.title);
  if (target === null) return { saved: false };
  if (!path.isAbsolute(target)) throw new AppError('VALIDATION', 'The export needs a full path to save to; choose the file again.');
  try {
    await writeFileDurably(target, request.content());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AppError('INTERNAL', `The export could not be written to ${target} (${code}). Choose a folder you can write to and try again.`, { path: target });
  }
  return { saved: true, path: target };
}
