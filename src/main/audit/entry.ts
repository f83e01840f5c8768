/**
 * One audit entry on disk: its canonical form, its MAC, its line.
 *
 * `hash` is HMAC-SHA256, under the audit key named by `keyId`, over the canonical JSON of every
 * field but `hash`, in a fixed key order, `prevHash` and `keyId` included — so each entry seals the
 * one before it, and only a holder of the key can write an entry that verifies. Entries written
 * before the log was keyed have no `keyId` and a plain SHA-256 (`hashEntry`). Verification
 * re-serialises the parsed entry instead of hashing the stored bytes, so only a change of content
 * counts, not of spacing or key order.
 */
import { createHash, createHmac } from 'node:crypto';
import { auditEntrySchema, type AuditActor, type AuditDriftExport, type AuditEntry, type AuditExportRecord, type AuditFilters } from '../../shared/audit';

export const GENESIS_HASH = '0'.repeat(64);

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

/** The entry's fields in their canonical (hashed) order; the CSV export follows it too. */
export const ENTRY_KEYS = [
  'seq',
  'time',
  'actor',
  'profileId',
  'profileKind',
  'env',
  'action',
  'orgId',
  'secretId',
  'outcome',
  'attemptSeq',
  'errorCode',
  'versionId',
  'keyCheck',
  'keyCheckOrigins',
  'export',
  'keyId',
  'prevHash',
] as const satisfies readonly (keyof UnsealedEntry)[];
export const ACTOR_KEYS = ['osUser', 'callerArn', 'callerAccount'] as const satisfies readonly (keyof AuditActor)[];
// New keys go at the end: older entries keep their MAC (absent keys are skipped).
export const EXPORT_KEYS = ['format', 'fileName', 'filters', 'count', 'view', 'drift'] as const satisfies readonly (keyof AuditExportRecord)[];
export const DRIFT_EXPORT_KEYS = ['left', 'right', 'kinds'] as const satisfies readonly (keyof AuditDriftExport)[];
export const DRIFT_SIDE_KEYS = ['profileId', 'profileKind', 'env'] as const satisfies readonly (keyof AuditDriftExport['left'])[];
// New filters go at the end: an entry recorded before them keeps its canonical form (and its MAC).
export const FILTER_KEYS = ['orgId', 'secretId', 'profileId', 'actions', 'outcomes', 'from', 'to', 'secretName', 'secretPrefix', 'actor', 'hideNonChanges'] as const satisfies readonly (keyof AuditFilters)[];

function ordered<K extends string>(source: Partial<Record<K, unknown>>, keys: readonly K[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Nested objects are ordered too: an entry's MAC must not depend on how a parser ordered its keys. */
export function canonicalJson(entry: UnsealedEntry): string {
  const fields = ordered(entry, ENTRY_KEYS);
  fields['actor'] = ordered(entry.actor, ACTOR_KEYS);
  if (entry.export) {
    const drift = entry.export.drift;
    fields['export'] = {
      ...ordered(entry.export, EXPORT_KEYS),
      filters: ordered(entry.export.filters, FILTER_KEYS),
      ...(drift && { drift: { ...ordered(drift, DRIFT_EXPORT_KEYS), left: ordered(drift.left, DRIFT_SIDE_KEYS), right: ordered(drift.right, DRIFT_SIDE_KEYS) } }),
    };
  }
  return JSON.stringify(fields);
}

/** The unkeyed SHA-256 of an entry: how entries were sealed before the log was keyed. */
export function hashEntry(entry: UnsealedEntry): string {
  return createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');
}

/** The entry's MAC under an audit key (the MAC key derived for entries, see audit-key.ts). */
export function macEntry(macKey: Buffer, entry: UnsealedEntry): string {
  return createHmac('sha256', macKey).update(canonicalJson(entry), 'utf8').digest('hex');
}

/** The key an entry is sealed with: its id (recorded in the entry) and its MAC key. */
export interface SealingKey {
  readonly id: string;
  readonly macKey: Buffer;
}

// Built once: zod compiles a schema on its first parse (about half a millisecond), so a schema
// derived per call cost that on every audit entry.
const unsealedEntrySchema = auditEntrySchema.omit({ hash: true });

export function seal(entry: Omit<UnsealedEntry, 'keyId'>, key: SealingKey): AuditEntry {
  // Parsed first: an entry the reader would refuse is never written.
  const unsealed = unsealedEntrySchema.parse({ ...entry, keyId: key.id });
  return { ...unsealed, hash: macEntry(key.macKey, unsealed) };
}

/** The entry's line: canonical fields, then `hash`, then a newline. */
export function toLine(entry: AuditEntry): string {
  const { hash, ...rest } = entry;
  return `${canonicalJson(rest).slice(0, -1)},"hash":${JSON.stringify(hash)}}\n`;
}

/**
 * The entry on a line, without the schema check, when the line is exactly what `toLine` writes for
 * content whose MAC verifies under a known key: the app sealed exactly this content, and it seals
 * nothing the strict schema refuses (`seal` parses first), so parsing it again would only cost time
 * (most of a cold scan). Byte equality rules out any extra field or other form. Anything else
 * (no key, another form, a MAC that fails) answers undefined: the caller parses the line fully.
 */
export function readSealedLine(line: string, macKeyFor: (keyId: string) => Buffer | undefined): AuditEntry | undefined {
  try {
    const raw: unknown = JSON.parse(line);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const { hash, ...content } = raw as Record<string, unknown>;
    const keyId = content['keyId'];
    const macKey = typeof keyId === 'string' ? macKeyFor(keyId) : undefined;
    const actor = content['actor'];
    const exported = content['export'] as { filters?: unknown } | undefined;
    if (!macKey || typeof hash !== 'string' || typeof actor !== 'object' || actor === null) return undefined;
    if (exported !== undefined && (typeof exported !== 'object' || exported === null || typeof exported.filters !== 'object' || exported.filters === null)) return undefined;
    const canonical = canonicalJson(content as UnsealedEntry);
    if (line !== `${canonical.slice(0, -1)},"hash":${JSON.stringify(hash)}}`) return undefined;
    return createHmac('sha256', macKey).update(canonical, 'utf8').digest('hex') === hash ? (raw as AuditEntry) : undefined;
  } catch {
    return undefined;
  }
}

export type ParsedLine = { ok: true; entry: AuditEntry } | { ok: false; why: string };

export function parseLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, why: 'is not JSON' };
  }
  const parsed = auditEntrySchema.safeParse(raw);
  // Field paths only: the line is untrusted and is not quoted back.
  if (!parsed.success) return { ok: false, why: `is not an audit entry (${parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(entry)').join(', ')})` };
  return { ok: true, entry: parsed.data };
}
