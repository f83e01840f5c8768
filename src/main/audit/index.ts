export { createAuditService, type AuditService, type AuditServiceOptions, type ChooseSavePath } from './service';
export { createAuditRecorder, type AuditRecorder, type AuditSubject, type AuditOutcomeDetails } from './recorder';
export { AUDIT_DIR, DEFAULT_MAX_FILE_BYTES, HEAD_FILE, AuditWriteError, auditFileName, openAuditLog, type AuditLog, type AuditRecord } from './store';
export { scanAudit, type AuditFileText, type AuditHead, type AuditScan, type HeadState } from './verify';
export { GENESIS_HASH, canonicalJson, hashEntry, seal, toLine } from './entry';
export { backendIdentityLookup, createIdentityCache, currentOsUser, type CallerIdentity, type IdentityCache, type IdentityLookup } from './identity';
export { CSV_COLUMNS, csvCell, toCsv, toJsonExport } from './export';
