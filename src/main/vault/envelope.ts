import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { newDataKey } from './crypto';
import { VaultError } from './errors';
import type { KeyProtector } from './key-protectors';
import { writeFileDurably } from '../durable-fs';

/**
 * `vault.json`: the only plaintext file. It holds the wrapped data key and the vault's identity
 * (account id, region), never anything a secret is made of.
 */
const envelopeSchema = z.strictObject({
  format: z.literal('foundry-vault'),
  version: z.literal(1),
  createdAt: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  protector: z.enum(['safe-storage', 'key-file', 'env']),
  wrappedKey: z.string().min(1),
});

export type Envelope = z.infer<typeof envelopeSchema>;

export const ENVELOPE_FILE = 'vault.json';

function randomAccountId(): string {
  // Leading digit non-zero so it never looks like LocalStack's 000000000000.
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => String(randomInt(0, 10))).join('');
}

export async function readEnvelope(dataDir: string): Promise<Envelope | null> {
  const file = path.join(dataDir, ENVELOPE_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VaultError('IO', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VaultError('CORRUPT', `${file} is damaged (not JSON); the vault cannot be opened. Restore it from a backup.`);
  }
  const result = envelopeSchema.safeParse(parsed);
  if (!result.success) throw new VaultError('CORRUPT', `${file} is damaged (unexpected content); restore it from a backup.`);
  return result.data;
}

export async function createEnvelope(dataDir: string, protector: KeyProtector, region: string): Promise<{ envelope: Envelope; dataKey: Buffer }> {
  const dataKey = newDataKey();
  const envelope: Envelope = {
    format: 'foundry-vault',
    version: 1,
    createdAt: new Date().toISOString(),
    accountId: randomAccountId(),
    region,
    protector: protector.kind,
    wrappedKey: (await protector.wrap(dataKey)).toString('base64'),
  };
  await writeFileDurably(path.join(dataDir, ENVELOPE_FILE), JSON.stringify(envelope, null, 2) + '\n');
  return { envelope, dataKey };
}

export async function unwrapDataKey(envelope: Envelope, protector: KeyProtector, dataDir: string): Promise<Buffer> {
  if (envelope.protector !== protector.kind) {
    throw new VaultError(
      'WRONG_KEY',
      `The vault in ${dataDir} was created with the "${envelope.protector}" key protector, but "${protector.kind}" was given. ` +
        'Open it the way it was created (for example set FOUNDRY_VAULT_KEY, or unset it).',
    );
  }
  return protector.unwrap(Buffer.from(envelope.wrappedKey, 'base64'));
}
