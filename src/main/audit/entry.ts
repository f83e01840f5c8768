/**
 * One audit entry on disk: its canonical form, its hash, its line.
 *
 * The hash is SHA-256 over the canonical JSON of every field but `hash`, in a fixed key order,
 * `prevHash` included — so each entry seals the one before it. Verification re-serialises the
 * parsed entry instead of hashing the stored bytes, so only a change of content counts, not of
 * spacing or key order.
 */
import { createHash } from 'node:crypto';
import { auditEntrySchema, type AuditActor, type AuditEntry } from '../../shared/audit';

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
  'prevHash',
] as const satisfies readonly (keyof UnsealedEntry)[];
export const ACTOR_KEYS = ['osUser', 'callerArn', 'callerAccount'] as const satisfies readonly (keyof AuditActor)[];

function ordered<K extends string>(source: Partial<Record<K, unknown>>, keys: readonly K[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function canonicalJson(entry: UnsealedEntry): string {
  const fields = ordered(entry, ENTRY_KEYS);
  fields['actor'] = ordered(entry.actor, ACTOR_KEYS);
  return JSON.stringify(fields);
}

export function hashEntry(entry: UnsealedEntry): string {
  return createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');
}

// Built once: zod compiles a schema on its first parse (about half a millisecond), so a schema
// derived per call cost that on every audit entry.
const unsealedEntrySchema = auditEntrySchema.omit({ hash: true });

export function seal(entry: UnsealedEntry): AuditEntry {
  // Parsed first: an entry the reader would refuse is never written.
  const unsealed = unsealedEntrySchema.parse(entry);
  return { ...unsealed, hash: hashEntry(unsealed) };
}

/** The entry's line: canonical fields, then `hash`, then a newline. */
export function toLine(entry: AuditEntry): string {
  const { hash, ...rest } = entry;
  return `${canonicalJson(rest).slice(0, -1)},"hash":${JSON.stringify(hash)}}\n`;
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
