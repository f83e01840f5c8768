import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { newDataKey } from './crypto';
import { VaultError } from './errors';
import { decodeKeyPayload, sealedKeyPayload, type KeyPayload } from './key-payload';
import type { KeyProtector } from './key-protectors';
import { writeFileDurably } from '../durable-fs';

/**
 * `vault.json`: the only plaintext file. It holds the wrapped data key and the vault's identity
 * (account id, region), never anything a secret is made of.
 *
 * Version 2 is a sealed vault: it keeps a sealed head (head.ts), so a missing head is refused as a
 * rollback. The label is only a label: what is trusted is the seal inside the wrapped key
 * (key-payload.ts), and a label that disagrees with it means the file was edited. Version 1 is a
 * vault from before the seal; it is sealed on its first open (store.ts: once its head exists and
 * before its first chained line).
 */
const envelopeSchema = z.strictObject({
  format: z.literal('foundry-vault'),
  version: z.union([z.literal(1), z.literal(2)]),
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

/** A new sealed vault's envelope and data key, not written yet: the vault's head is created first (index.ts). */
export async function newEnvelope(protector: KeyProtector, region: string): Promise<{ envelope: Envelope; dataKey: Buffer }> {
  const dataKey = newDataKey();
  const envelope: Envelope = {
    format: 'foundry-vault',
    version: 2,
    createdAt: new Date().toISOString(),
    accountId: randomAccountId(),
    region,
    protector: protector.kind,
    wrappedKey: (await protector.wrap(sealedKeyPayload(dataKey))).toString('base64'),
  };
  return { envelope, dataKey };
}

/** The same vault, sealed: its data key wrapped again with the seal. */
export async function sealedEnvelope(envelope: Envelope, protector: KeyProtector, dataKey: Buffer): Promise<Envelope> {
  return { ...envelope, version: 2, wrappedKey: (await protector.wrap(sealedKeyPayload(dataKey))).toString('base64') };
}

export async function writeEnvelope(dataDir: string, envelope: Envelope): Promise<void> {
  await writeFileDurably(path.join(dataDir, ENVELOPE_FILE), JSON.stringify(envelope, null, 2) + '\n');
}

/** The data key, and whether the vault is sealed, as the key protector (not the editable label) says. */
export async function unlockEnvelope(envelope: Envelope, protector: KeyProtector, dataDir: string): Promise<KeyPayload> {
  if (envelope.protector !== protector.kind) {
    throw new VaultError(
      'WRONG_KEY',
      `The vault in ${dataDir} was created with the "${envelope.protector}" key protector, but "${protector.kind}" was given. ` +
        'Open it the way it was created (for example set FOUNDRY_VAULT_KEY, or unset it).',
    );
  }
  const file = path.join(dataDir, ENVELOPE_FILE);
  const payload = decodeKeyPayload(await protector.unwrap(Buffer.from(envelope.wrappedKey, 'base64')));
  if (!payload) throw new VaultError('CORRUPT', `${file} holds a wrapped key in no known format. The vault was not opened and nothing was changed; restore the whole data directory from a backup.`);
  if (payload.sealed !== (envelope.version === 2)) {
    // Version 2 with an unsealed key claims a seal nobody made; version 1 with a sealed key is a seal taken off.
    throw new VaultError(
      'CORRUPT',
      `${file} was altered: it says version ${envelope.version}, but its wrapped key says the vault is ${payload.sealed ? '' : 'not '}sealed. ` +
        'The vault was not opened and nothing was changed; restore the whole data directory from a backup.',
    );
  }
  return payload;
}

export async function unwrapDataKey(envelope: Envelope, protector: KeyProtector, dataDir: string): Promise<Buffer> {
  return (await unlockEnvelope(envelope, protector, dataDir)).dataKey;
}
