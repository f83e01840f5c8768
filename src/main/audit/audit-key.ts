/**
 * The audit key: what makes the audit chain a MAC chain instead of a hash chain anyone can extend.
 *
 * A random 32-byte key, kept in `audit/audit-key.json` wrapped by the key protector that guards
 * the vault's data key (the OS keychain through Electron's safeStorage, FOUNDRY_VAULT_KEY, or the
 * vault.key file). It does not depend on the vault being opened: the audit log exists for every
 * backend. It is created on the first append that needs it, and every entry then carries its id
 * (`keyId`) and its MAC (`hash`); head.json is sealed with it too. Someone who can write the audit
 * folder but cannot make the protector unwrap the key cannot write an entry or a head that verifies.
 *
 * The file holds a list of key records, each naming its protector, the first entry it may seal
 * (`firstSeq`) and the entry from which the log is keyed at all (`keyedFrom`, carried over from
 * the records before it). A record is authenticated by a MAC under its own key (`check`), so
 * neither can be moved. A key that cannot be unwrapped (the keychain reset, another
 * FOUNDRY_VAULT_KEY, the file deleted or damaged) is never overwritten: a new record is added and
 * new entries use it, so appends keep working and the entries under the lost key are reported.
 *
 * The same records are kept a second time beside the audit folder (`audit-key.copy.json` in the
 * data folder). Without it, deleting the key file would turn a keyed log back into one that looks
 * older than the key, whose entries anyone can rewrite (see below); with it, that takes deleting
 * a file outside the audit folder too. Records are read from both (a record counts once, by id).
 *
 * Entries written before the log was keyed carry no `keyId` and a plain SHA-256. They are accepted
 * only at the start of the log: before the first keyed entry and below `keyedFrom` of every key
 * record found, usable here or not (a record can only narrow that range). When no record is found
 * at all, nothing tells such a log from one rewritten after its key files were deleted: that is
 * the one case accepted on trust (a log from before the key, seen for the first time), and it
 * ends with the first append, which creates the key.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { auditKeyIdSchema, sha256HexSchema, type AuditEntry } from '../../shared/audit';
import { moveAside, writeFileDurably } from '../durable-fs';
import type { KeyProtector } from '../vault/key-protectors';
import { hashEntry, macEntry, type SealingKey } from './entry';

export const AUDIT_KEY_FILE = 'audit-key.json';
/** The second copy of the key records, in the folder that holds the audit folder. */
export const AUDIT_KEY_COPY_FILE = 'audit-key.copy.json';
const FORMAT = 'foundry-audit-key';
const RAW_KEY_BYTES = 32;
/** How long an unwrap that may succeed later (a keychain not yet available) is not tried again. */
const RETRY_AFTER_MS = 10_000;

/** Builds the protector when it is first needed (a FOUNDRY_VAULT_KEY that is too short throws here). */
export type AuditKeyProtector = () => KeyProtector;

const PROTECTOR_KINDS = ['safe-storage', 'key-file', 'env'] as const satisfies readonly KeyProtector['kind'][];
const keyRecordSchema = z.strictObject({
  id: auditKeyIdSchema,
  createdAt: z.string().max(64),
  protector: z.enum(PROTECTOR_KINDS),
  /** The first entry this key may seal. */
  firstSeq: z.number().int().positive(),
  /** The first entry of the log that had to carry a MAC when this key was made: entries without one are refused from here on. */
  keyedFrom: z.number().int().positive(),
  wrappedKey: z.string().min(1).max(16_384),
  /** MAC of the fields above under the key itself: a moved `firstSeq` or `keyedFrom` does not authenticate. */
  check: sha256HexSchema,
});
type KeyRecord = z.output<typeof keyRecordSchema>;
const keyFileSchema = z.strictObject({ format: z.literal(FORMAT), version: z.literal(1), keys: z.array(keyRecordSchema).max(1000) });

const PROTECTOR_NAMES: Record<KeyProtector['kind'], string> = {
  'safe-storage': 'the operating system keychain',
  'key-file': 'the vault.key file',
  env: 'FOUNDRY_VAULT_KEY',
};

interface DerivedKeys {
  /** Seals entries. */
  readonly entry: Buffer;
  /** Seals head.json. */
  readonly head: Buffer;
  /** Authenticates the key's record. */
  readonly record: Buffer;
}

/** Separate keys per use, so the wrapped key is never used as it is (it could be swapped with another wrapped key). */
function derive(raw: Buffer): DerivedKeys {
  const one = (purpose: string) => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), `foundry-audit/v1/${purpose}`, 32));
  return { entry: one('entry-mac'), head: one('head-mac'), record: one('key-record') };
}

function recordCheck(recordKey: Buffer, record: Omit<KeyRecord, 'check'>): string {
  const fields = [FORMAT, record.id, record.createdAt, record.protector, record.firstSeq, record.keyedFrom, record.wrappedKey];
  return createHmac('sha256', recordKey).update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** A system or vault error code (ENOENT, WRONG_KEY …), never a message that could carry a path or more. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,32}$/.test(code) ? code : 'unknown error';
}

/** A key this app can use: it seals entries (`macKey`) and the head (`headKey`). */
export interface AuditWriteKey extends SealingKey {
  readonly headKey: Buffer;
}

interface UsableKey extends AuditWriteKey {
  readonly firstSeq: number;
}

export type AuditKeyFileState = 'ok' | 'missing' | 'damaged' | 'unreadable';

/** One of the two files that hold the key records, as it was found. */
export interface AuditKeyFileCopy {
  /** audit-key.json (in the audit folder) or audit-key.copy.json (beside it). */
  readonly name: string;
  readonly state: AuditKeyFileState;
  /** For `unreadable`: the system error code. */
  readonly reason?: string;
}

/** The audit keys as loaded: which can check entries here, and which cannot (and why). */
export interface AuditKeyring {
  /** Both files together: `ok` when either could be read, else the worse of the two. */
  readonly fileState: AuditKeyFileState;
  readonly copies: readonly AuditKeyFileCopy[];
  readonly usable: ReadonlyMap<string, UsableKey>;
  /** Key ids in the files that cannot check entries here, with a fixed reason. */
  readonly unusable: ReadonlyMap<string, string>;
  /**
   * Entries without a MAC are accepted only below this seq: the lowest `keyedFrom` of any record
   * found; 1 when a file exists but no record can be read from it; Infinity when there is no file.
   */
  readonly legacyBelow: number;
  /** What new entries are sealed with: the newest usable key kept by this app's protector. */
  readonly writeKey: AuditWriteKey | undefined;
  /** A file is missing, or lacks records the other holds: the next append writes both again. */
  readonly incomplete: boolean;
}

export type EntryVerdict =
  | { readonly kind: 'keyed' }
  | { readonly kind: 'legacy' }
  | { readonly kind: 'mismatch'; readonly keyed: boolean }
  | { readonly kind: 'unkeyed' }
  /** `listed`: the key files name this key (it is lost or cannot be unwrapped here), or they are gone or damaged. */
  | { readonly kind: 'key-unavailable'; readonly keyId: string; readonly why: string; readonly listed: boolean };

function unavailable(keyring: AuditKeyring, keyId: string): Extract<EntryVerdict, { kind: 'key-unavailable' }> {
  const why =
    keyring.unusable.get(keyId) ??
    (keyring.fileState === 'ok'
      ? `${AUDIT_KEY_FILE} does not hold it`
      : keyring.fileState === 'missing'
        ? `${AUDIT_KEY_FILE} and its copy are missing`
        : `${AUDIT_KEY_FILE} and its copy are ${keyring.fileState}`);
  return { kind: 'key-unavailable', keyId, why, listed: keyring.fileState !== 'ok' || keyring.unusable.has(keyId) };
}

/** One entry against the keys alone (the chain links and the legacy-prefix rule are the verifier's). */
export function checkEntry(keyring: AuditKeyring, entry: AuditEntry): EntryVerdict {
  const { hash, ...content } = entry;
  if (content.keyId === undefined) {
    if (content.seq >= keyring.legacyBelow) return { kind: 'unkeyed' };
    return hashEntry(content) === hash ? { kind: 'legacy' } : { kind: 'mismatch', keyed: false };
  }
  const key = keyring.usable.get(content.keyId);
  if (!key) return unavailable(keyring, content.keyId);
  return macEntry(key.macKey, content) === hash ? { kind: 'keyed' } : { kind: 'mismatch', keyed: true };
}

export function isIntact(keyring: AuditKeyring, entry: AuditEntry): boolean {
  const verdict = checkEntry(keyring, entry).kind;
  return verdict === 'keyed' || verdict === 'legacy';
}

/**
 * Whether an entry is shown not to be the app's: its MAC or hash does not match, it lacks a MAC
 * where one is required, or it names a key id that an intact key file does not list. (An entry
 * under a key that is only unavailable here is neither intact nor forged: it cannot be judged.)
 */
export function isForged(keyring: AuditKeyring, entry: AuditEntry): boolean {
  const verdict = checkEntry(keyring, entry);
  return verdict.kind === 'mismatch' || verdict.kind === 'unkeyed' || (verdict.kind === 'key-unavailable' && !verdict.listed);
}

/** The last acknowledged entry, as head.json records it. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly file: number;
  /** The audit key `mac` is made with; absent only on a head written before the log was keyed. */
  readonly keyId?: string;
  readonly mac?: string;
}

function headMac(headKey: Buffer, head: AuditHead, keyId: string): string {
  return createHmac('sha256', headKey).update(JSON.stringify(['foundry-audit-head', head.seq, head.hash, head.file, keyId]), 'utf8').digest('hex');
}

/** The head sealed under a key: only a holder of the key can name where the log ends. */
export function sealHead(key: AuditWriteKey, head: { seq: number; hash: string; file: number }): AuditHead {
  return { seq: head.seq, hash: head.hash, file: head.file, keyId: key.id, mac: headMac(key.headKey, head, key.id) };
}

export type HeadVerdict =
  /** Its MAC matches under a usable key. */
  | { readonly kind: 'sealed' }
  /** Written before the log was keyed (no MAC), and no audit key file exists: a log from before the key. */
  | { readonly kind: 'legacy' }
  /** No MAC, but the log is keyed: anyone could have written it. */
  | { readonly kind: 'unsealed' }
  | { readonly kind: 'mismatch' }
  | Extract<EntryVerdict, { kind: 'key-unavailable' }>;

/**
 * head.json against the keys alone (the verifier also refuses a head without MAC that names a keyed
 * entry). Once any key exists the head is always sealed — the first keyed append seals the old head
 * before it writes its lines — so a head without MAC then is not the app's, wherever it points
 * (a keyed log cut back to its entries from before the key, with its old head put back, included).
 */
export function checkHead(keyring: AuditKeyring, head: AuditHead): HeadVerdict {
  if (head.keyId === undefined || head.mac === undefined) return keyring.legacyBelow === Infinity ? { kind: 'legacy' } : { kind: 'unsealed' };
  const key = keyring.usable.get(head.keyId);
  if (!key) return unavailable(keyring, head.keyId);
  return headMac(key.headKey, head, head.keyId) === head.mac ? { kind: 'sealed' } : { kind: 'mismatch' };
}

export interface AuditKeys {
  /** The keyring for what the files hold now: the same object while nothing changed. */
  current(): Promise<AuditKeyring>;
  /** Adds a new key (for entries from `firstSeq` on) kept by this app's protector, and answers the keyring with it. */
  create(firstSeq: number): Promise<AuditKeyring>;
  /** Writes every record found to both files again (one was missing, damaged or short of records). */
  mirror(): Promise<AuditKeyring>;
}

export interface AuditKeysOptions {
  /** The audit folder. */
  readonly dir: string;
  /** Where the second copy of the records is kept; default: audit-key.copy.json in the folder that holds `dir`. */
  readonly copyFile?: string;
  readonly protector: AuditKeyProtector;
  readonly clock: () => Date;
}

interface ReadFile {
  readonly file: string;
  readonly copy: AuditKeyFileCopy;
  readonly records: readonly KeyRecord[];
}

export function openAuditKeys(options: AuditKeysOptions): AuditKeys {
  const files = [path.join(options.dir, AUDIT_KEY_FILE), options.copyFile ?? path.join(path.dirname(options.dir), AUDIT_KEY_COPY_FILE)] as const;
  /** Unwrapped keys by protector and wrapped form: a keychain prompt or a scrypt run happens once per process. */
  const unwrapped = new Map<string, Buffer>();
  let loaded: { keyring: AuditKeyring; signature: string; fingerprint: string; retryAt: number } | undefined;
  /** What the last load read, and the records worth keeping from it (what create and mirror write back). */
  let lastRead: { read: readonly ReadFile[]; kept: readonly KeyRecord[] } = { read: [], kept: [] };

  async function signatureNow(): Promise<string> {
    const one = async (file: string) => {
      try {
        const stat = await fs.stat(file, { bigint: true });
        return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
      } catch (error) {
        return `absent:${codeOf(error)}`;
      }
    };
    return (await Promise.all(files.map(one))).join('|');
  }

  async function readOne(file: string): Promise<ReadFile> {
    const name = path.basename(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      const code = codeOf(error);
      return { file, copy: code === 'ENOENT' ? { name, state: 'missing' } : { name, state: 'unreadable', reason: code }, records: [] };
    }
    try {
      const parsed = keyFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? { file, copy: { name, state: 'ok' }, records: parsed.data.keys } : { file, copy: { name, state: 'damaged' }, records: [] };
    } catch {
      return { file, copy: { name, state: 'damaged' }, records: [] };
    }
  }

  /** Both files, and every record they hold (a record found in both counts once), in the order found. */
  async function readBoth(): Promise<{ read: readonly ReadFile[]; records: KeyRecord[] }> {
    const read = await Promise.all(files.map(readOne));
    const records: KeyRecord[] = [];
    const seen = new Set<string>();
    for (const record of read.flatMap((r) => r.records)) {
      const key = JSON.stringify(record);
      if (!seen.has(key)) records.push(record);
      seen.add(key);
    }
    return { read, records };
  }

  function combinedState(read: readonly ReadFile[]): AuditKeyFileState {
    const states = read.map((r) => r.copy.state);
    if (states.includes('ok')) return 'ok';
    if (states.includes('unreadable')) return 'unreadable';
    return states.includes('damaged') ? 'damaged' : 'missing';
  }

  function lowestKeyedFrom(read: readonly ReadFile[], records: readonly KeyRecord[]): number {
    if (records.length > 0) return Math.min(...records.map((r) => r.keyedFrom));
    // A file that exists but cannot be read says the log was keyed, not from where: accept no entry without a MAC.
    return read.some((r) => r.copy.state === 'damaged' || r.copy.state === 'unreadable') ? 1 : Infinity;
  }

  async function load(signature: string): Promise<AuditKeyring> {
    const { read, records } = await readBoth();
    let protector: KeyProtector | undefined;
    let protectorWhy = '';
    try {
      protector = options.protector();
    } catch (error) {
      protectorWhy = codeOf(error);
    }
    const usable = new Map<string, UsableKey>();
    /** The record each usable key came from. */
    const usableRecord = new Map<string, KeyRecord>();
    const unusable = new Map<string, string>();
    let retry = false;
    let writeKey: AuditWriteKey | undefined;
    for (const record of records) {
      // A usable record with an id decides: another record under that id cannot replace it (an
      // unusable one can be followed by a usable one, so a bogus copy cannot hide the real key).
      if (usable.has(record.id)) continue;
      if (!protector) {
        unusable.set(record.id, `the key protector cannot be used (${protectorWhy})`);
        continue;
      }
      if (record.protector !== protector.kind) {
        unusable.set(record.id, `it is kept by ${PROTECTOR_NAMES[record.protector]}, which this app does not use now (it uses ${PROTECTOR_NAMES[protector.kind]})`);
        continue;
      }
      const cacheKey = `${record.protector}:${record.wrappedKey}`;
      let raw = unwrapped.get(cacheKey);
      if (!raw) {
        try {
          raw = await protector.unwrap(Buffer.from(record.wrappedKey, 'base64'));
        } catch (error) {
          const code = codeOf(error);
          if (code !== 'WRONG_KEY') retry = true; // a keychain not available yet may be later
          unusable.set(record.id, `it could not be unlocked by ${PROTECTOR_NAMES[record.protector]} (${code})`);
          continue;
        }
        if (raw.length !== RAW_KEY_BYTES) {
          unusable.set(record.id, `it could not be unlocked by ${PROTECTOR_NAMES[record.protector]} (wrong length)`);
          continue;
        }
        unwrapped.set(cacheKey, raw);
      }
      const keys = derive(raw);
      if (recordCheck(keys.record, record) !== record.check) {
        unusable.set(record.id, `its record in ${AUDIT_KEY_FILE} was altered`);
        continue;
      }
      const key = { id: record.id, macKey: keys.entry, headKey: keys.head, firstSeq: record.firstSeq };
      unusable.delete(record.id);
      usable.set(record.id, key);
      usableRecord.set(record.id, record);
      writeKey = key; // the newest usable one
    }
    const legacyBelow = lowestKeyedFrom(read, records);
    // Under an id with a usable record, only that record is worth keeping; under any other id, every
    // version found (this app cannot tell which one another protector will authenticate).
    const kept = records.filter((record) => !usableRecord.has(record.id) || usableRecord.get(record.id) === record);
    const same = (a: readonly KeyRecord[]) => JSON.stringify(a.map((r) => JSON.stringify(r)).sort()) === JSON.stringify(kept.map((r) => JSON.stringify(r)).sort());
    const incomplete = kept.length > 0 && read.some((r) => r.copy.state === 'missing' || r.copy.state === 'damaged' || (r.copy.state === 'ok' && !same(r.records)));
    lastRead = { read, kept };
    const copies = read.map((r) => r.copy);
    const keyring: AuditKeyring = { fileState: combinedState(read), copies, usable, unusable, legacyBelow, writeKey, incomplete };
    const fingerprint = JSON.stringify([copies, [...usable.keys()], [...unusable], legacyBelow, writeKey?.id, incomplete]);
    // Unchanged content answers the same object, so the scan cache is kept.
    const answer = loaded?.fingerprint === fingerprint ? loaded.keyring : keyring;
    loaded = { keyring: answer, signature, fingerprint, retryAt: retry ? Date.now() + RETRY_AFTER_MS : Infinity };
    return answer;
  }

  async function current(): Promise<AuditKeyring> {
    const signature = await signatureNow();
    if (loaded && loaded.signature === signature && Date.now() < loaded.retryAt) return loaded.keyring;
    return load(signature);
  }

  /**
   * Writes `records` to both files; a damaged file is kept aside as evidence (its keys may still be
   * recovered by hand). Only the audit folder's file must be written: the copy is written when it
   * can be, and a file missing or short of records is written again on a later append (`incomplete`).
   */
  async function writeBoth(read: readonly ReadFile[], records: readonly KeyRecord[]): Promise<void> {
    const text = `${JSON.stringify({ format: FORMAT, version: 1, keys: records }, null, 2)}\n`;
    for (const [index, { file, copy }] of read.entries()) {
      // An IO error is not a missing key: never write over a file that could not be read.
      if (copy.state === 'unreadable') continue;
      const write = async () => {
        if (copy.state === 'damaged') await moveAside(file, options.clock());
        await writeFileDurably(file, text);
      };
      if (index === 0) await write();
      else await write().catch(() => undefined);
    }
  }

  return {
    current,
    async create(firstSeq) {
      await load(await signatureNow());
      const { read, kept: records } = lastRead;
      const primary = read[0] as ReadFile;
      if (primary.copy.state === 'unreadable') throw Object.assign(new Error('the audit key file could not be read'), { code: primary.copy.reason });
      const protector = options.protector();
      const raw = randomBytes(RAW_KEY_BYTES);
      const unsigned = {
        id: randomBytes(8).toString('hex'),
        createdAt: options.clock().toISOString(),
        protector: protector.kind,
        firstSeq,
        // Where the log became keyed stays where it was: a new key never widens the range accepted without a MAC.
        keyedFrom: Math.min(firstSeq, lowestKeyedFrom(read, records)),
        wrappedKey: (await protector.wrap(raw)).toString('base64'),
      };
      const record: KeyRecord = { ...unsigned, check: recordCheck(derive(raw).record, unsigned) };
      await writeBoth(read, [...records, record]);
      unwrapped.set(`${record.protector}:${record.wrappedKey}`, raw);
      return load(await signatureNow());
    },
    async mirror() {
      await load(await signatureNow());
      const { read, kept } = lastRead;
      if (kept.length > 0) await writeBoth(read, kept);
      return load(await signatureNow());
    },
  };
}
