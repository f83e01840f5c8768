/** `foundry-secrets vault serve`: the embedded vault on 127.0.0.1, usable by the real SDK, stopped cleanly by Ctrl+C. */
import { CreateSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers';
import { tempDir } from '../vault/helpers';

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
