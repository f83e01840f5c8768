export { createAuditService, type AuditService, type AuditServiceOptions, type ChooseSavePath } from './service';
export { createAuditRecorder, type AuditRecorder, type AuditSubject, type AuditOutcomeDetails } from './recorder';
export { AUDIT_DIR, DEFAULT_MAX_FILE_BYTES, HEAD_FILE, AuditWriteError, auditFileName, openAuditLog, type AuditLog, type AuditLogOptions, type AuditRecord } from './store';
export { createChainVerifier, scanAudit, type AuditFileText, type AuditHead, type AuditScan, type HeadState } from './verify';
export { GENESIS_HASH, canonicalJson, hashEntry, macEntry, seal, toLine, type SealingKey } from './entry';
export { AUDIT_KEY_COPY_FILE, AUDIT_KEY_FILE, checkEntry, openAuditKeys, type AuditKeyProtector, type AuditKeyring, type AuditKeys } from './audit-key';
export { backendIdentityLookup, createIdentityCache, currentOsUser, type CallerIdentity, type IdentityCache, type IdentityLookup } from './identity';
export { CSV_COLUMNS, csvCell, toCsv, toJsonExport } from './export';
