/**
 * One Secrets Manager call straight into the vault's in-process handler, without the SDK: for
 * growing a vault to 100,000 secrets in the benches in seconds (through the SDK, serialising and
 * signing took minutes of CPU that no bench measures). What a bench measures goes through the SDK.
 */
import { randomUUID } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import type { Vault } from '../src/main/vault/index';

export async function rawCall(vault: Vault, operation: string, body: Record<string, unknown>): Promise<void> {
  const { response } = await vault.clientConfig().requestHandler.handle(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'vault', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${operation}` }, body: JSON.stringify(body) }),
  );
  if (response.statusCode !== 200) throw new Error(`${operation} failed with HTTP ${response.statusCode}`);
}

/** The benches' secret names: 20 per org, over four domains. */
export const benchSecretName = (index: number): string =>
  `agentfoundry/dev/org${String(Math.floor(index / 20)).padStart(5, '0')}/${['shared', 'support', 'sales', 'cards'][index % 4]}/key_${index}`;

/**
 * Creates secrets [from, to) with raw calls, 64 in flight (the journal's group commit shares their
 * fsyncs); `after` runs once each is created (vault.bench.ts schedules some for deletion).
 */
export async function growVault(
  vault: Vault,
  from: number,
  to: number,
  name: (index: number) => string = benchSecretName,
  after?: (index: number) => Promise<void>,
): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < to) {
        const index = next;
        next += 1;
        await rawCall(vault, 'CreateSecret', { Name: name(index), SecretString: `sk-${'x'.repeat(48)}-${index}`, ClientRequestToken: randomUUID() });
        await after?.(index);
      }
    }),
  );
}
