/**
 * The audit as the composition uses it: the recorder that wraps write-class operations, and the
 * `listAudit` / `exportAudit` channels. Export asks the host where to save (Electron's save dialog
 * in the app) and writes the file in main; the renderer gets back the path and a count only.
 *
 * An export is itself audited (`audit.export`), like every other export: the attempt (format, file
 * name, filters) is recorded before the file is written, and the outcome with the count after. As
 * for every change, an export whose attempt cannot be recorded is not made (fail closed): whoever
 * takes the log away leaves a trace in it. A cancelled save dialog exports nothing and is not recorded.
 */
import path from 'node:path';
import type { AuditEntry, AuditExportRecord, ExportAuditInput, ExportAuditResult, ListAuditInput, ListAuditResult } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import { saveExport, type ChooseSavePath } from '../export-file';
import type { Logger } from '../log/index';
import type { AuditKeyProtector } from './audit-key';
import { exportFileName, toCsv, toJsonExport } from './export';
import type { IdentityCache } from './identity';
import { changeEntries, changePage, createChangeIndex } from './changes';
import { filterEntries, pageOf } from './query';
import { createAuditRecorder, type AuditRecorder, type AuditSubject } from './recorder';
import { AUDIT_DIR, openAuditLog, type AuditLog } from './store';

/** Asks where to save an export; null when the person cancels. */
export type { ChooseSavePath };

export interface AuditServiceOptions {
  readonly userDataDir: string;
  readonly identities: IdentityCache;
  readonly osUser: string;
  readonly logger: Logger;
  /** Wraps the audit key: the protector of the vault's data key (keychain, FOUNDRY_VAULT_KEY or vault.key). */
  readonly keyProtector: AuditKeyProtector;
  readonly chooseSavePath?: ChooseSavePath;
  readonly maxFileBytes?: number;
  readonly clock?: () => Date;
}

export interface AuditService {
  readonly log: AuditLog;
  readonly recorder: AuditRecorder;
  list(input: ListAuditInput): Promise<ListAuditResult>;
  /** `actingProfile`: the profile active when the export starts, recorded with the entry as for every change. */
  exportTo(input: ExportAuditInput, actingProfile: AuditSubject['profile']): Promise<ExportAuditResult>;
}

/** A file name as the entry schema takes it: no control characters, bounded. */
function recordedFileName(target: string): string {
  return path.basename(target).replace(/\p{Cc}/gu, '').slice(0, 255) || 'unnamed';
}

export function createAuditService(options: AuditServiceOptions): AuditService {
  const clock = options.clock ?? (() => new Date());
  const log = openAuditLog({
    dir: path.join(options.userDataDir, AUDIT_DIR),
    keyProtector: options.keyProtector,
    clock,
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
  });
  const recorder = createAuditRecorder({ log, identities: options.identities, osUser: options.osUser, logger: options.logger });
  const changes = createChangeIndex();

  return {
    log,
    recorder,
    async list({ filters, view, offset, limit }) {
      const { entries, verification } = await log.scan();
      if (view === 'changes') return { entries: [], ...changePage(changes.update(entries), filters, offset, limit), offset, limit, verification };
      return { ...pageOf(entries, filters, offset, limit), offset, limit, verification };
    },
    async exportTo({ format, filters, view }, actingProfile) {
      // The screen exports what it shows (changes); the CLI and older callers, entries.
      const matchingOf = (entries: readonly AuditEntry[]) => (view === 'changes' ? changeEntries(changes.update(entries), filters) : filterEntries(entries, filters));
      const choose = options.chooseSavePath;
      if (!choose) throw new AppError('INTERNAL', 'Export is not available here: this host has no save dialog.');
      const now = clock();
      const target = await choose(exportFileName(format, now), 'Export audit log');
      if (target === null) return { saved: false, count: matchingOf((await log.scan()).entries).length };
      if (!path.isAbsolute(target)) throw new AppError('VALIDATION', 'The export needs a full path to save to; choose the file again.');
      const record: AuditExportRecord = { format, fileName: recordedFileName(target), filters, ...(view === 'changes' && { view }) };
      let count = 0;
      await recorder.run(
        { action: 'audit.export', profile: actingProfile, export: record, label: `the audit log export (${record.fileName})` },
        async () => {
          // Read after the attempt is recorded: the export holds its own attempt when the filters match it.
          const { entries, verification } = await log.scan();
          const matching = matchingOf(entries);
          count = matching.length;
          await saveExport(async () => target, {
            defaultName: record.fileName,
            title: 'Export audit log',
            content: () => (format === 'csv' ? toCsv(matching) : toJsonExport(matching, { exportedAt: now, filters, verification })),
          });
        },
        () => ({ export: { ...record, count } }),
      );
      options.logger.info('audit exported', { component: 'audit', format, count });
      return { saved: true, path: target, count };
    },
  };
}
