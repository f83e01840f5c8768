/**
 * Where a full ListSecrets walk's time goes (prints numbers; not a test): grows a vault to N
 * secrets, opens it from its snapshot as the app would after a start, then walks it through the
 * SDK several times, timing the vault's in-process handler apart from the rest (the SDK's own
 * work: middleware, endpoint, serialising the request, parsing the answer).
 * Run: node --expose-gc --import tsx bench/vault-walk-breakdown.ts [--size=50000] [--rounds=3] [--env]
 *   (--env: the fleet's walk — a name filter on the env prefix, scheduled deletions included)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HttpHandler } from '@smithy/protocol-http';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { keyFileProtector, openVault, type Vault } from '../src/main/vault/index';
import { benchSecretName, growVault } from './vault-raw-call';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SIZE = Number(arg('size', '50000'));
const ROUNDS = Number(arg('rounds', '3'));
const ENV_WALK = process.argv.includes('--env');
const QUERY = ENV_WALK ? { Filters: [{ Key: 'name' as const, Values: ['agentfoundry/dev/'] }], IncludePlannedDeletion: true, SortOrder: 'asc' as const } : {};
const secretName = benchSecretName;


const parent = await mkdtemp(path.join(os.tmpdir(), 'vault-walk-'));
const dataDir = path.join(parent, 'vault');
const open = (): Promise<Vault> => openVault({ dataDir, keyProtector: keyFileProtector(path.join(parent, 'vault.key')) });
try {
  let vault = await open();
  await growVault(vault, 0, SIZE, secretName);
  await vault.compact();
  await vault.close();
  global.gc?.();
  vault = await open();
  const config = vault.clientConfig();
  let handlerMs = 0;
  let bytes = 0;
  const timed: HttpHandler = {
    handle: async (request) => {
      const started = performance.now();
      const answer = await config.requestHandler.handle(request);
      handlerMs += performance.now() - started;
      bytes += (answer.response.body as Uint8Array).byteLength;
      return answer;
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  const client = new SecretsManagerClient({ ...config, requestHandler: timed });
  for (let round = 0; round < ROUNDS; round += 1) {
    handlerMs = 0;
    bytes = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let pages = 0;
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListSecretsCommand({ ...QUERY, MaxResults: 100, NextToken }));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    console.log(
      `${ENV_WALK ? 'env-prefix walk' : 'walk'} ${round + 1} of ${SIZE}: ${wall.toFixed(0)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0)}), ${pages} pages; vault handler ${handlerMs.toFixed(0)} ms (${(handlerMs / pages).toFixed(3)} ms/page), SDK and the rest ${(wall - handlerMs).toFixed(0)} ms (${((wall - handlerMs) / pages).toFixed(3)} ms/page); ${(bytes / pages / 1024).toFixed(1)} KiB/page`,
    );
  }
  await vault.close();
  console.log(`load average: ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
} finally {
  await rm(parent, { recursive: true, force: true });
}
