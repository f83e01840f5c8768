/**
 * The audit as the composition uses it: the recorder that wraps write-class operations, and the
 * `listAudit` / `exportAudit` channels. Export asks the host where to save (Electron's save dialog
 * in the app) and writes the file in main; the renderer gets back the path and a count only.
 */
import path from 'node:path';
import type { ExportAuditInput, ExportAuditResult, ListAuditInput, ListAuditResult } from '../../shared/audit';
import { saveExport, type ChooseSavePath } from '../export-file';
import type { Logger } from '../log/index';
import { exportFileName, toCsv, toJsonExport } from './export';
import type { IdentityCache } from './identity';
import { filterEntries, pageOf } from './query';
import { createAuditRecorder, type AuditRecorder } from './recorder';
import { AUDIT_DIR, openAuditLog, type AuditLog } from './store';

/** Asks where to save an export; null when the person cancels. */
export type { ChooseSavePath };

export interface AuditServiceOptions {
  readonly userDataDir: string;
  readonly identities: IdentityCache;
  readonly osUser: string;
  readonly logger: Logger;
  readonly chooseSavePath?: ChooseSavePath;
  readonly maxFileBytes?: number;
  readonly clock?: () => Date;
}

export interface AuditService {
  readonly log: AuditLog;
  readonly recorder: AuditRecorder;
  list(input: ListAuditInput): Promise<ListAuditResult>;
  exportTo(input: ExportAuditInput): Promise<ExportAuditResult>;
}

export function createAuditService(options: AuditServiceOptions): AuditService {
  const clock = options.clock ?? (() => new Date());
  const log = openAuditLog({
    dir: path.join(options.userDataDir, AUDIT_DIR),
    clock,
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
  });
  const recorder = createAuditRecorder({ log, identities: options.identities, osUser: options.osUser, logger: options.logger });

  return {
    log,
    recorder,
    async list({ filters, offset, limit }) {
      const { entries, verification } = await log.scan();
      return { ...pageOf(entries, filters, offset, limit), offset, limit, verification };
    },
    async exportTo({ format, filters }) {
      const { entries, verification } = await log.scan();
      const matching = filterEntries(entries, filters);
      const now = clock();
      const saved = await saveExport(options.chooseSavePath, {
        defaultName: exportFileName(format, now),
        title: 'Export audit log',
        content: () => (format === 'csv' ? toCsv(matching) : toJsonExport(matching, { exportedAt: now, filters, verification })),
      });
      if (!saved.saved) return { saved: false, count: matching.length };
      options.logger.info('audit exported', { component: 'audit', format, count: matching.length });
      return { saved: true, path: saved.path, count: matching.length };
    },
  };
}
