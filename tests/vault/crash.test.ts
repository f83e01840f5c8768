import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, startVault, tempDir } from './helpers';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'write-stream.ts');

/** Runs the writer until it has acknowledged `minAcks` writes, then SIGKILLs it mid-stream. */
async function writeThenKill(dataDir: string, minAcks: number, round: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, TEST_KEY, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: number[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      if (acked.length >= minAcks) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited early (code ${code}): ${stderr}`));
    });
  });
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
  return acked;
}

describe('durability', () => {
  it('keeps every acknowledged write when the process is killed with SIGKILL mid-stream', async () => {
    const dataDir = await tempDir();
    for (const round of [1, 2, 3]) {
      const acked = await writeThenKill(dataDir, 150, round);
      expect(acked.length).toBeGreaterThanOrEqual(150);
      // The writer compacts at 64 KiB, so kills also land inside compactions (snapshot written,
      // journal emptied, head updated); the journal stays within twice that.
      expect((await stat(path.join(dataDir, 'journal.vault'))).size).toBeLessThanOrEqual(2 * 64 * 1024);
      await expect(stat(path.join(dataDir, 'snapshot.vault'))).resolves.toBeDefined();
      const { vault } = await startVault({ dataDir }); // the dead writer's lock is taken over
      const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
      const versionIds = new Set<string | undefined>();
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'rotating', IncludeDeprecated: true, NextToken }));
        for (const version of page.Versions ?? []) versionIds.add(version.VersionId);
        NextToken = page.NextToken;
      } while (NextToken);
      for (const i of acked) {
        if (i % 2 === 0) {
          expect((await client.send(new GetSecretValueCommand({ SecretId: `s-${round}-${i}` }))).SecretString).toBe(`v-${round}-${i}`);
        } else {
          expect(versionIds.has(`token-${round}-${String(i).padStart(30, '0')}`), `round ${round}, write ${i}`).toBe(true);
        }
      }
      client.destroy();
      // Round 2 writes on top of the recovered vault: recovery must leave it writable.
      await vault.close();
    }
  }, 120_000);
});
