import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { HttpHandler } from '@smithy/protocol-http';
import { makePrivateDirectory } from '../durable-fs';
import { deriveKey } from './crypto';
import { SecretsEngine } from './engine';
import { newEnvelope, readEnvelope, sealedEnvelope, unlockEnvelope, writeEnvelope, type Envelope } from './envelope';
import { VaultError } from './errors';
import { inProcessAuth, type InProcessAuthConfig } from './in-process-auth';
import { InProcessHandler } from './in-process-handler';
import type { KeyProtector } from './key-protectors';
import { acquireLock } from './lock';
import { PageTokens } from './page-tokens';
import { serveVault, type ServerLimits, type VaultServer } from './server';
import type { VaultCredentials } from './sigv4';
import { HEAD_FILE, JOURNAL_FILE, SNAPSHOT_FILE, VaultStore, type EnvelopeSeal } from './store';

export { VaultError, type VaultErrorCode } from './errors';
export { withoutUserAgent } from './in-process-client';
export {
  defaultKeyProtector,
  envKeyProtector,
  keyFileProtector,
  safeStorageKeyProtector,
  type KeyProtector,
  type SafeStorageLike,
} from './key-protectors';
export type { ServerLimits, VaultServer } from './server';
export type { VaultCredentials } from './sigv4';
export { OPERATIONS as SUPPORTED_OPERATIONS } from './engine';

export const DEFAULT_REGION = 'us-east-1';
/** The in-process handler ignores the host; this name only documents where requests go. */
export const IN_PROCESS_ENDPOINT = 'http://embedded-vault.invalid';

export interface OpenVaultOptions {
  readonly dataDir: string;
  readonly keyProtector: KeyProtector;
  /** Injectable so tests can move time (recovery windows, day-resolution access dates). */
  readonly clock?: () => Date;
  /** Region for a new vault; an existing vault keeps the one it was created with. */
  readonly region?: string;
  /** Journal size that triggers a snapshot (tests use a small one). */
  readonly compactAfterBytes?: number;
}

export interface VaultProtection {
  readonly kind: KeyProtector['kind'];
  readonly isProtected: boolean;
  readonly description: string;
}

/** Who the vault says its callers are: what STS GetCallerIdentity answers for AWS, for the audit log. */
export interface VaultIdentity {
  readonly account: string;
  readonly arn: string;
}

/** The one principal of an embedded vault (it has no IAM: whoever holds its credentials is this user). */
export const VAULT_PRINCIPAL = 'foundry-embedded-vault';

export interface Vault {
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly identity: VaultIdentity;
  readonly protection: VaultProtection;
  /**
   * Spread into `new SecretsManagerClient({ ...vault.clientConfig() })` (then `withoutUserAgent`,
   * in-process-client.ts): in-process, no socket, and
   * no signature (in-process-auth.ts: the handler has no network and no other caller to check).
   */
  clientConfig(): { region: string; endpoint: string; credentials: VaultCredentials; requestHandler: HttpHandler } & InProcessAuthConfig;
  /**
   * Serve over HTTP on 127.0.0.1 with SigV4 checking against `credentials` (limits: server.ts;
   * tests shorten them; alsoAcceptHosts: server.ts, for a test or bench proxy only).
   */
  serve(options: { port: number; credentials: VaultCredentials; limits?: Partial<ServerLimits>; alsoAcceptHosts?: ReadonlySet<string> }): Promise<VaultServer>;
  /** Write a snapshot now and empty the journal. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A directory without vault.json, about to get a new vault. Vault data in it is refused: its key
 * is unknown. Except what a creation that stopped leaves behind: a new vault's head and empty
 * journal are written before its vault.json (the seal comes last, see store.ts), so a crash in
 * between leaves them without one. They hold no write and are removed. (An emptied journal and
 * no snapshot hold nothing either, whoever emptied them: starting over loses nothing that was
 * still there — as when the whole directory is deleted.)
 */
async function clearUnfinishedCreation(dataDir: string): Promise<void> {
  const entries = await fs.readdir(dataDir);
  const journalEmpty = !entries.includes(JOURNAL_FILE) || (await fs.stat(path.join(dataDir, JOURNAL_FILE))).size === 0;
  if (entries.includes(SNAPSHOT_FILE) || !journalEmpty) {
    throw new VaultError(
      'NOT_A_VAULT',
      `${dataDir} holds vault data but no vault.json, so its key is unknown. Nothing was changed; restore vault.json from a backup.`,
    );
  }
  for (const name of [HEAD_FILE, JOURNAL_FILE]) await fs.rm(path.join(dataDir, name), { force: true });
}

/** The vault's key and its seal: from vault.json, or, for a new vault, an envelope written once its head exists. */
async function unlock(dataDir: string, keyProtector: KeyProtector, region: string): Promise<{ envelope: Envelope; dataKey: Buffer; seal: EnvelopeSeal }> {
  const existing = await readEnvelope(dataDir);
  if (!existing) {
    await clearUnfinishedCreation(dataDir);
    const { envelope, dataKey } = await newEnvelope(keyProtector, region);
    return { envelope, dataKey, seal: { sealed: false, seal: () => writeEnvelope(dataDir, envelope) } };
  }
  const { dataKey, sealed } = await unlockEnvelope(existing, keyProtector, dataDir);
  const seal = async (): Promise<void> => writeEnvelope(dataDir, await sealedEnvelope(existing, keyProtector, dataKey));
  return { envelope: existing, dataKey, seal: { sealed, seal } };
}

/** Opens (or creates) the vault in `dataDir`: takes the lock, unwraps the key, replays the journal. */
export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const { dataDir, keyProtector } = options;
  const clock = options.clock ?? (() => new Date());
  try {
    await makePrivateDirectory(dataDir); // 0700 also when it already existed, wider
  } catch (error) {
    throw new VaultError('IO', `Cannot make ${dataDir} a private (owner-only) directory: ${(error as Error).message}. Check that it belongs to you, or choose another data directory.`, { cause: error });
  }
  const lock = await acquireLock(dataDir);
  try {
    const { envelope, dataKey, seal } = await unlock(dataDir, keyProtector, options.region ?? DEFAULT_REGION);
    const { store, state } = await VaultStore.open(dataDir, dataKey, { compactAfterBytes: options.compactAfterBytes, envelope: seal });
    const { region, accountId } = envelope;
    const engine = new SecretsEngine(state, store, { region, accountId, clock, tokens: new PageTokens(deriveKey(dataKey, 'page-tokens')) });
    // In-process requests are not signed (in-process-auth.ts); the SDK still wants credentials in
    // its configuration, and these never leave the process.
    const inProcessCredentials: VaultCredentials = { accessKeyId: 'FOUNDRYVAULTLOCAL', secretAccessKey: randomBytes(24).toString('base64url') };
    const handler = new InProcessHandler(engine);
    const servers = new Set<VaultServer>();
    let closed = false;
    return {
      dataDir,
      region,
      accountId,
      identity: Object.freeze({ account: accountId, arn: `arn:aws:iam::${accountId}:user/${VAULT_PRINCIPAL}` }),
      protection: { kind: keyProtector.kind, isProtected: keyProtector.isProtected, description: keyProtector.description },
      // Not `cacheMiddleware` (the SDK's per-command-class cache of the resolved middleware stack,
      // 0.3 ms a request): the app adds and removes middleware on live clients (jobs/throttle-observer.ts),
      // which a cached stack would silently ignore.
      clientConfig: () => ({ region, endpoint: IN_PROCESS_ENDPOINT, credentials: inProcessCredentials, requestHandler: handler, ...inProcessAuth() }),
      async serve({ port, credentials, limits, alsoAcceptHosts }) {
        // Signatures are checked against the wall clock, not the injectable data clock.
        const server = await serveVault(engine, { port, credentials, region, clock: () => new Date(), ...(limits && { limits }), ...(alsoAcceptHosts && { alsoAcceptHosts }) });
        servers.add(server);
        return {
          ...server,
          close: async () => {
            servers.delete(server);
            await server.close();
          },
        };
      },
      compact: () => store.compact(),
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all([...servers].map((server) => server.close()));
        await store.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
