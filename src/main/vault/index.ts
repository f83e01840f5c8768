import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { HttpHandler } from '@smithy/protocol-http';
import { deriveKey } from './crypto';
import { SecretsEngine } from './engine';
import { createEnvelope, readEnvelope, unwrapDataKey } from './envelope';
import { VaultError } from './errors';
import { InProcessHandler } from './in-process-handler';
import type { KeyProtector } from './key-protectors';
import { acquireLock } from './lock';
import { PageTokens } from './page-tokens';
import { serveVault, type VaultServer } from './server';
import type { VaultCredentials } from './sigv4';
import { JOURNAL_FILE, SNAPSHOT_FILE, VaultStore } from './store';

export { VaultError, type VaultErrorCode } from './errors';
export {
  defaultKeyProtector,
  envKeyProtector,
  keyFileProtector,
  safeStorageKeyProtector,
  type KeyProtector,
  type SafeStorageLike,
} from './key-protectors';
export type { VaultServer } from './server';
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
  /** Spread into `new SecretsManagerClient({ ...vault.clientConfig() })`: in-process, no socket. */
  clientConfig(): { region: string; endpoint: string; credentials: VaultCredentials; requestHandler: HttpHandler };
  /** Serve over HTTP on 127.0.0.1 with SigV4 checking against `credentials`. */
  serve(options: { port: number; credentials: VaultCredentials }): Promise<VaultServer>;
  /** Write a snapshot now and empty the journal. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

async function refuseForeignDirectory(dataDir: string): Promise<void> {
  const entries = await fs.readdir(dataDir);
  if (entries.includes(JOURNAL_FILE) || entries.includes(SNAPSHOT_FILE)) {
    throw new VaultError(
      'NOT_A_VAULT',
      `${dataDir} holds vault data but no vault.json, so its key is unknown. Nothing was changed; restore vault.json from a backup.`,
    );
  }
}

/** Opens (or creates) the vault in `dataDir`: takes the lock, unwraps the key, replays the journal. */
export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const { dataDir, keyProtector } = options;
  const clock = options.clock ?? (() => new Date());
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireLock(dataDir);
  try {
    let envelope = await readEnvelope(dataDir);
    let dataKey: Buffer;
    if (envelope) {
      dataKey = await unwrapDataKey(envelope, keyProtector, dataDir);
    } else {
      await refuseForeignDirectory(dataDir);
      ({ envelope, dataKey } = await createEnvelope(dataDir, keyProtector, options.region ?? DEFAULT_REGION));
    }
    const { store, state } = await VaultStore.open(dataDir, dataKey, { compactAfterBytes: options.compactAfterBytes });
    const { region, accountId } = envelope;
    const engine = new SecretsEngine(state, store, { region, accountId, clock, tokens: new PageTokens(deriveKey(dataKey, 'page-tokens')) });
    // In-process callers still sign (the SDK always does); these credentials never leave the process.
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
      clientConfig: () => ({ region, endpoint: IN_PROCESS_ENDPOINT, credentials: inProcessCredentials, requestHandler: handler }),
      async serve({ port, credentials }) {
        // Signatures are checked against the wall clock, not the injectable data clock.
        const server = await serveVault(engine, { port, credentials, region, clock: () => new Date() });
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
