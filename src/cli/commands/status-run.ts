/** The run of `status`: one listing of the org's names (ListSecrets), shaped by the app's own statusListOf. */
import { findCatalogEntry } from '../../shared/catalog';
import { openBackend, type BackendChoice } from '../backend';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson, formatTable } from '../output';
import { shortDate, stateNote, stateWord } from '../status-words';

export interface StatusOptions {
  readonly orgId: string;
  readonly domainId: string;
  readonly backend: BackendChoice;
  readonly json: boolean;
}

export async function showStatus(options: StatusOptions, io: CliIo): Promise<ExitCode> {
  const backend = await openBackend(options.backend, io.env);
  try {
    const list = await (await backend.service()).listStatus(options.orgId, options.domainId);
    if (options.json) {
      io.stdout.write(formatJson(list));
      return EXIT.ok;
    }
    const rows = list.secrets.map((status) => [
      status.secretName,
      findCatalogEntry(status.secretName) ? 'catalog' : 'custom',
      stateWord(status.state),
      shortDate(status.lastChangedAt),
      stateNote(status),
    ]);
    io.stdout.write(`${list.env} · ${list.orgId} · ${list.domainId} (${backend.description})\n`);
    io.stdout.write(formatTable(['SECRET', 'KIND', 'STATE', 'LAST CHANGED', 'NOTE'], rows));
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}
