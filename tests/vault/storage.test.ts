import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { envKeyProtector, keyFileProtector, openVault, VaultError, type Vault } from '../../src/main/vault/index';
import { TEST_KEY, startVault, tempDir } from './helpers';
import { encodeSnapshotFile, snapshotRecords } from '../../src/main/vault/snapshot-format';

async function put(vault: Vault, name: string, value: string): Promise<void> {
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } finally {
    client.destroy();
  }
}

async function valueOf(vault: Vault, name: string): Promise<string | undefined> {
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
  } finally {
    client.destroy();
  }
}

async function openError(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected the vault not to open');
}

async function readAllFiles(dir: string): Promise<Buffer> {
  const names = await fs.readdir(dir);
  return Buffer.concat(await Promise.all(names.map((name) => fs.readFile(path.join(dir, name)))));
}

describe('vault storage', () => {
  it('keeps every write across close and reopen, keeping its account id and region', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await put(vault, 'b', 'two');
    const { accountId } = vault;
    await vault.close();
    const { vault: reopened } = await startVault({ dataDir });
    expect(reopened.accountId).toBe(accountId);
    expect(await valueOf(reopened, 'a')).toBe('one');
    expect(await valueOf(reopened, 'b')).toBe('two');
  });

  it('never stores a value, or a name, in plaintext anywhere in the data directory', async () => {
    const canary = `canary-${randomUUID()}`;
    const { vault, dataDir } = await startVault({ compactAfterBytes: 2048 });
    await put(vault, `agentfoundry/dev/canaryorg/shared/${canary}-name`, canary);
    for (let i = 0; i < 20; i += 1) await put(vault, `filler-${i}`, `${canary}-${i}`);
    await vault.compact();
    await put(vault, 'after-compaction', canary);
    await vault.close();
    const bytes = await readAllFiles(dataDir);
    expect(bytes.includes(Buffer.from(canary))).toBe(false);
    expect(bytes.includes(Buffer.from('canaryorg'))).toBe(false);
    expect(await fs.readdir(dataDir)).toEqual(expect.arrayContaining(['vault.json', 'journal.vault', 'snapshot.vault']));
  });

  it('survives compaction: snapshot plus journal reopen to the same state', async () => {
    const { vault, dataDir } = await startVault({ compactAfterBytes: 4096 });
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    await client.send(new CreateSecretCommand({ Name: 'rotating', SecretString: 'v0' }));
    for (let i = 1; i <= 60; i += 1) await client.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: `v${i}` }));
    const before = await client.send(new DescribeSecretCommand({ SecretId: 'rotating' }));
    client.destroy();
    await vault.close();
    const journalSize = (await fs.stat(path.join(dataDir, 'journal.vault'))).size;
    expect(journalSize).toBeLessThan(4096 + 2048); // it was compacted along the way
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'rotating')).toBe('v60');
    const again = new SecretsManagerClient({ ...reopened.clientConfig(), maxAttempts: 1 });
    expect((await again.send(new DescribeSecretCommand({ SecretId: 'rotating' }))).VersionIdsToStages).toEqual(before.VersionIdsToStages);
    again.destroy();
  });

  it('refuses the wrong key with a clear error and leaves the files untouched', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await vault.close();
    const before = await readAllFiles(dataDir);
    const error = await openError(openVault({ dataDir, keyProtector: envKeyProtector('a-different-key-entirely') }));
    expect(error.code).toBe('WRONG_KEY');
    expect(error.message).toMatch(/does not open this vault/);
    expect(await readAllFiles(dataDir)).toEqual(before);
  });

  it('refuses a different kind of key protector than the vault was made with', async () => {
    const { vault, dataDir } = await startVault();
    await vault.close();
    const error = await openError(openVault({ dataDir, keyProtector: keyFileProtector(path.join(dataDir, 'vault.key')) }));
    expect(error.code).toBe('WRONG_KEY');
    expect(error.message).toContain('FOUNDRY_VAULT_KEY');
  });

  it('refuses a corrupted journal line (not the torn tail) and changes nothing', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await put(vault, 'b', 'two');
    await vault.close();
    const journal = path.join(dataDir, 'journal.vault');
    const lines = (await fs.readFile(journal, 'utf8')).split('\n');
    const first = lines[0] as string;
    lines[0] = first.slice(0, 40) + (first[40] === 'A' ? 'B' : 'A') + first.slice(41);
    await fs.writeFile(journal, lines.join('\n'));
    const damaged = await fs.readFile(journal);
    const error = await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toContain('journal.vault line 1');
    expect(await fs.readFile(journal)).toEqual(damaged);
  });

  it('drops a torn final journal line (a write that was never acknowledged) and keeps the rest', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await vault.close();
    await fs.appendFile(path.join(dataDir, 'journal.vault'), 'AbCdEf0123'); // a partial line, no newline
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'a')).toBe('one');
    await put(reopened, 'b', 'two');
    await reopened.close();
    const { vault: third } = await startVault({ dataDir });
    expect(await valueOf(third, 'b')).toBe('two');
  });

  it('refuses a truncated snapshot', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await vault.compact();
    await vault.close();
    const snapshot = path.join(dataDir, 'snapshot.vault');
    const bytes = await fs.readFile(snapshot);
    await fs.writeFile(snapshot, bytes.subarray(0, bytes.length - 30));
    expect((await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }))).code).toBe('CORRUPT');
  });

  it('refuses a snapshot whose chunks were reordered', async () => {
    const { vault, dataDir } = await startVault();
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    await Promise.all(Array.from({ length: 600 }, (_, i) => client.send(new CreateSecretCommand({ Name: `s-${i}`, SecretString: 'v' }))));
    client.destroy();
    await vault.compact();
    await vault.close();
    const snapshot = path.join(dataDir, 'snapshot.vault');
    const records = [...snapshotRecords(await fs.readFile(snapshot), snapshot).sealed];
    expect(records.length).toBeGreaterThanOrEqual(4); // header, two chunks or more, end
    [records[1], records[2]] = [records[2] as Buffer, records[1] as Buffer];
    await fs.writeFile(snapshot, encodeSnapshotFile(records));
    const error = await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toContain('snapshot.vault record 2');
  });

  it('refuses a damaged vault.json', async () => {
    const { vault, dataDir } = await startVault();
    await vault.close();
    await fs.writeFile(path.join(dataDir, 'vault.json'), '{ not json');
    expect((await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }))).code).toBe('CORRUPT');
  });

  it('refuses data files without their vault.json instead of starting over', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await vault.close();
    await fs.rm(path.join(dataDir, 'vault.json'));
    expect((await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }))).code).toBe('NOT_A_VAULT');
  });

  it('refuses a second opener of the same directory while the first is open', async () => {
    const { vault, dataDir } = await startVault();
    const error = await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toContain(String(process.pid));
    await vault.close();
    const { vault: after } = await startVault({ dataDir });
    expect(after.accountId).toBe(vault.accountId);
  });

  it('takes over a lock left by a process that no longer runs, or by an earlier process with this pid', async () => {
    const host = os.hostname();
    for (const pid of [2 ** 22 + 12345, process.pid]) {
      const dataDir = await tempDir();
      await fs.writeFile(path.join(dataDir, 'vault.lock'), JSON.stringify({ pid, host, createdAt: '', nonce: 'left-behind' }));
      const { vault } = await startVault({ dataDir });
      expect((await new SecretsManagerClient(vault.clientConfig()).send(new ListSecretsCommand({}))).SecretList).toEqual([]);
      await vault.close();
      await expect(fs.access(path.join(dataDir, 'vault.lock'))).rejects.toThrow();
    }
  });

  it('treats an unreadable lock as taken while it is fresh, and as stale once it is old', async () => {
    const dataDir = await tempDir();
    const lockPath = path.join(dataDir, 'vault.lock');
    await fs.writeFile(lockPath, '');
    expect((await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }))).code).toBe('LOCKED');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lockPath, old, old);
    const { vault } = await startVault({ dataDir });
    await vault.close();
  });

  it('releases only its own lock', async () => {
    const { vault, dataDir } = await startVault();
    const lockPath = path.join(dataDir, 'vault.lock');
    const foreign = JSON.stringify({ pid: 1, host: 'elsewhere', createdAt: '', nonce: 'someone-else' });
    await fs.writeFile(lockPath, foreign);
    await vault.close();
    expect(await fs.readFile(lockPath, 'utf8')).toBe(foreign);
  });

  it('lets exactly one of several processes that open at the same instant hold the vault', async () => {
    const dataDir = await tempDir();
    const fixture = path.join(import.meta.dirname, 'fixtures', 'open-and-hold.ts');
    const children = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, TEST_KEY], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.startsWith('ready\n')) resolve();
        }),
      );
      const outcome = () => new Promise<string>((resolve) => {
        const poll = setInterval(() => {
          const said = out.slice('ready\n'.length).trim();
          if (said) {
            clearInterval(poll);
            resolve(said);
          }
        }, 20);
        child.on('close', () => {
          clearInterval(poll);
          resolve(out.slice('ready\n'.length).trim() || `no answer; stderr: ${err.slice(0, 300)}`);
        });
      });
      return { child, ready, outcome };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const { child } of children) child.stdin.write('go\n'); // all at once
    const outcomes = await Promise.all(children.map((c) => c.outcome()));
    for (const { child } of children) child.stdin.end();
    await Promise.all(children.map(({ child }) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('close', resolve)))));
    expect(outcomes.filter((outcome) => outcome === 'open'), outcomes.join(' | ')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'LOCKED'), outcomes.join(' | ')).toHaveLength(3);
  }, 60_000);

  it('refuses a journal that continues a snapshot which is missing', async () => {
    const { vault, dataDir } = await startVault();
    await put(vault, 'a', 'one');
    await vault.compact();
    await put(vault, 'b', 'two');
    await vault.close();
    await fs.rm(path.join(dataDir, 'snapshot.vault'));
    const error = await openError(openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) }));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toContain('snapshot.vault');
  });

  it('compacts safely while writes keep arriving', async () => {
    const { vault, dataDir } = await startVault();
    const writes = Array.from({ length: 60 }, (_, i) => put(vault, `w-${i}`, `v-${i}`));
    const compactions = [vault.compact(), new Promise((resolve) => setTimeout(resolve, 5)).then(() => vault.compact())];
    await Promise.all([...writes, ...compactions]);
    await vault.close();
    const { vault: reopened } = await startVault({ dataDir });
    for (let i = 0; i < 60; i += 1) expect(await valueOf(reopened, `w-${i}`)).toBe(`v-${i}`);
  });

  it('removes leftovers of interrupted file writes when it opens', async () => {
    const { vault, dataDir } = await startVault();
    await vault.close();
    const leftover = path.join(dataDir, 'snapshot.vault.tmp-123-abcdef01');
    await fs.writeFile(leftover, 'partial');
    // Not the lock's: another process racing for the lock has its lock file written aside there,
    // about to link it into place (removing it turned that process's "locked" into an ENOENT error).
    const racing = path.join(dataDir, 'vault.lock.tmp-456-abcdef02');
    await fs.writeFile(racing, '{}');
    const { vault: reopened } = await startVault({ dataDir });
    await expect(fs.access(leftover)).rejects.toThrow();
    await expect(fs.access(racing)).resolves.toBeUndefined();
    await reopened.close();
  });

  it('pads journal lines to size buckets: values of different lengths within a bucket give lines of identical length', async () => {
    const { vault, dataDir } = await startVault();
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'v0' }));
    // A few rotations first, so both measured writes move the same stages (current, previous, none).
    for (let i = 1; i <= 3; i += 1) await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: `v${i}` }));
    const journal = path.join(dataDir, 'journal.vault');
    const lastLineLength = async (): Promise<number> => ((await fs.readFile(journal, 'utf8')).split('\n').at(-2) as string).length;
    await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'k'.repeat(8) }));
    const short = await lastLineLength();
    await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'k'.repeat(160) }));
    const long = await lastLineLength();
    expect(long).toBe(short);
    // Buckets, not one size for everything: a value a few KiB long lands in a larger one.
    await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'k'.repeat(5000) }));
    expect(await lastLineLength()).toBeGreaterThan(short);
    client.destroy();
  });

  it('pads snapshot lines too: one-secret vaults whose values differ in length give snapshots of identical size', async () => {
    const sizes: number[] = [];
    for (const value of ['k'.repeat(8), 'k'.repeat(160)]) {
      const { vault, dataDir } = await startVault();
      await put(vault, 'app/key', value);
      await vault.compact();
      await vault.close();
      sizes.push((await fs.stat(path.join(dataDir, 'snapshot.vault'))).size);
    }
    expect(sizes[1]).toBe(sizes[0]);
  });

  it.skipIf(process.platform === 'win32')('makes its data directory owner-only (0700), also one that already existed as 0755', async () => {
    const existing = await tempDir();
    await fs.chmod(existing, 0o755);
    const { vault } = await startVault({ dataDir: existing });
    expect((await fs.stat(existing)).mode & 0o777).toBe(0o700);
    await vault.close();
    const created = path.join(await tempDir(), 'nested', 'vault');
    const { vault: fresh } = await startVault({ dataDir: created });
    expect((await fs.stat(created)).mode & 0o777).toBe(0o700);
    await fresh.close();
  });

  it('creates its files readable by the owner only', async () => {
    const dataDir = await tempDir();
    const vault = await openVault({ dataDir, keyProtector: keyFileProtector(path.join(dataDir, 'vault.key')) });
    await put(vault, 'a', 'one');
    await vault.close();
    for (const name of ['vault.json', 'vault.key', 'journal.vault', 'head.vault']) {
      expect((await fs.stat(path.join(dataDir, name))).mode & 0o077).toBe(0);
    }
  });
});
