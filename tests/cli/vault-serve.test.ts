/** `foundry-secrets vault serve`: the embedded vault on 127.0.0.1, usable by the real SDK, stopped cleanly by Ctrl+C. */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { CreateSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers';
import { TEST_KEY, tempDir } from '../vault/helpers';

interface Served {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  dataDir: string;
}

describe('vault serve', () => {
  it('prints the endpoint and credentials (--json), serves the SDK, and stops on SIGINT with exit 0', async () => {
    const dataDir = await tempDir('foundry-cli-serve-');
    let served: Served | undefined;
    let names: string[] = [];
    const run = await runCli(['vault', 'serve', '--port', '0', '--data', dataDir, '--json'], {
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          const line = output.stdout().split('\n')[0];
          if (!line || !output.stdout().includes('\n')) return;
          clearInterval(timer);
          served = JSON.parse(line) as Served;
          const client = new SecretsManagerClient({ endpoint: served.endpoint, region: served.region, credentials: { accessKeyId: served.accessKeyId, secretAccessKey: served.secretAccessKey }, maxAttempts: 1 });
          void client
            .send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/openai_api_key', SecretString: 'x' }))
            .then(() => client.send(new ListSecretsCommand({})))
            .then((answer) => {
              names = (answer.SecretList ?? []).map((secret) => secret.Name ?? '');
            })
            .finally(() => {
              client.destroy();
              child.kill('SIGINT');
            });
        }, 50);
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(served).toMatchObject({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), dataDir });
    expect(names).toEqual(['agentfoundry/dev/acme/shared/openai_api_key']);
    expect(run.stderr).toContain(`Serving ${dataDir} on ${served?.endpoint}`);
  }, 30_000);

  it('without --json: the variables to export; bad usage exits 2', async () => {
    const dataDir = await tempDir('foundry-cli-serve-');
    const run = await runCli(['vault', 'serve', '--data', dataDir], {
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (!output.stdout().includes('AWS_SECRET_ACCESS_KEY=')) return;
          clearInterval(timer);
          child.kill('SIGTERM');
        }, 50);
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+\nexport AWS_REGION=\S+\nexport AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+\n$/);
    for (const args of [['vault'], ['vault', 'serve', '--port', '70000'], ['vault', 'start']]) {
      const bad = await runCli(args);
      expect(bad.code, args.join(' ')).toBe(2);
    }
  }, 30_000);
});

describe('vault serve --help and what it says (review findings)', () => {
  it('a port already in use is exit 1 with a typed code and what to do, as the help says (not 2, a usage error)', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const run = await runCli(['vault', 'serve', '--port', String(port), '--data', await tempDir('foundry-cli-serve-'), '--json']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      const { error } = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '') as { error: { code: string; message: string; hint?: string } };
      expect(error).toEqual({ code: 'PORT_IN_USE', message: `port ${port} on 127.0.0.1 is already in use (another vault server, or another program)`, hint: expect.stringContaining('--port 0') });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    const help = await runCli(['vault', 'serve', '--help']);
    expect(help.stdout).toMatch(/^ {2}1 .*port in use/m);
    expect(help.stdout).toMatch(/^ {2}2 +Bad usage$/m);
  }, 30_000);

  it('the background example of the help runs as written: the variables reach the shell, the AWS call works, kill stops it', async () => {
    const help = (await runCli(['vault', 'serve', '--help'])).stdout;
    const commands = help.slice(help.indexOf('EXAMPLES')).split('\n').filter((line) => line.startsWith('  $ ')).map((line) => line.slice(4));
    // The first runs in the foreground until Ctrl+C; the rest is the background recipe. A free port instead of 4510.
    const recipe = commands.slice(1).map((line) => line.replace('--port 4510', '--port 0'));
    const work = await tempDir('foundry-cli-serve-example-');
    // `foundry-secrets` on PATH as installed; `aws` stands for the AWS CLI: a real ListSecrets with the SDK, from the exported variables.
    await fs.mkdir(path.join(work, 'bin'));
    await fs.writeFile(path.join(work, 'bin', 'foundry-secrets'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const sdk = createRequire(import.meta.url).resolve('@aws-sdk/client-secrets-manager');
    const list = `const sm = require(${JSON.stringify(sdk)}); new sm.SecretsManagerClient({ endpoint: process.env.AWS_ENDPOINT_URL, maxAttempts: 1 }).send(new sm.ListSecretsCommand({})).then((a) => console.log("listed", a.SecretList.length, "at", process.env.AWS_ENDPOINT_URL))`;
    await fs.writeFile(path.join(work, 'bin', 'aws'), `#!/bin/sh\nexec "${process.execPath}" -e '${list}'\n`, { mode: 0o755 });
    const script = `${recipe.join('\n')}\nwait\necho "stopped with $?"\n`;
    // mktemp's folder, to see that the file that held the vault's secret key is gone afterwards.
    const tmp = path.join(work, 'tmp');
    await fs.mkdir(tmp);
    const child = spawn('bash', ['-c', script], { cwd: work, detached: true, env: { ...process.env, PATH: `${path.join(work, 'bin')}:${process.env['PATH'] ?? ''}`, FOUNDRY_VAULT_KEY: TEST_KEY, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const finished = new Promise<number | null>((resolve) => child.on('close', resolve));
    // `eval "$(… &)"` never returns (the substitution waits for the server's stdout to close).
    const deadline = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 25_000).unref());
    const outcome = await Promise.race([finished, deadline]);
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
    expect(outcome, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^listed 0 at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toContain('stopped with 0');
    expect(stderr).toContain('Stopping');
    // The file that held the vault's secret key (made by mktemp, readable by its owner only) is gone.
    expect(recipe.join('\n')).toContain('mktemp');
    // (tsx, which runs the CLI here, keeps a folder of its own there.)
    expect((await fs.readdir(tmp)).filter((name) => name.startsWith('tmp.'))).toEqual([]);
  }, 60_000);
});
