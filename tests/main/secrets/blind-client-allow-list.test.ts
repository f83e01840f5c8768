/**
 * The blind client's allow-list is the one list of calls in src/shared/secret-operations.ts, and
 * that list is exactly what the app's source constructs: a new Secrets Manager call in src/ fails
 * here until it is listed (and so granted by the IAM policy generator), and a call that is not
 * listed is refused before it is signed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as sdk from '@aws-sdk/client-secrets-manager';
import type { HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { ALLOWED_OPERATIONS, FORBIDDEN_OPERATIONS, makeBlind } from '../../../src/main/secrets/blind-client';
import { AppError } from '../../../src/shared/errors';
import { SECRET_OPERATIONS } from '../../../src/shared/secret-operations';
import { client, recordingHandler as answeringHandler, sdkCommand, sdkExports } from './blind-client-fixtures';

const SRC = path.join(import.meta.dirname, '..', '..', '..', 'src');
// The vault is the server side of the protocol and the runtime reader is not the app's client;
// neither is verify's reading client (src/cli/reading: GetSecretValue + TagResource, agent hosts only).
const NOT_THE_APP_CLIENT = [path.join(SRC, 'main', 'vault'), path.join(SRC, 'runtime'), path.join(SRC, 'cli', 'reading')];

function sourceFiles(dir: string): string[] {
  if (NOT_THE_APP_CLIENT.includes(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every Secrets Manager operation whose command the app's source constructs. */
function constructedOperations(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sourceFiles(path.join(SRC, 'main')), ...sourceFiles(path.join(SRC, 'cli')), ...sourceFiles(path.join(SRC, 'shared'))]) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('@aws-sdk/client-secrets-manager')) continue;
    for (const match of text.matchAll(/new\s+([A-Z][A-Za-z]*)Command\s*\(/g)) {
      const op = match[1] as string;
      if (typeof sdkExports[`${op}Command`] === 'function') found.add(op);
    }
  }
  return found;
}


describe('one list of the calls the app makes', () => {
  it('equals the Secrets Manager commands the app source constructs (no call missing, none extra)', () => {
    const constructed = constructedOperations();
    // The scan itself must see the app's calls, or the comparison below proves nothing.
    expect(constructed.has('ListSecrets')).toBe(true);
    expect(constructed.has('PutSecretValue')).toBe(true);
    expect([...constructed].sort()).toEqual(SECRET_OPERATIONS.map((op) => op.name).sort());
  });

  it('is the blind client allow-list, and holds no value-reading operation', () => {
    expect([...ALLOWED_OPERATIONS].sort()).toEqual(SECRET_OPERATIONS.map((op) => op.name).sort());
    for (const read of FORBIDDEN_OPERATIONS) expect(ALLOWED_OPERATIONS).not.toContain(read);
  });

  it('names only operations the SDK has', () => {
    for (const op of SECRET_OPERATIONS) expect(typeof sdkExports[`${op.name}Command`], op.name).toBe('function');
  });
});

describe('the blind client refuses what is not on the list', () => {
  it.each(['ListSecretVersionIds', 'TagResource', 'GetResourcePolicy', 'RotateSecret'])('%s: refused before signing, with advice', async (op) => {
    const handler = answeringHandler();
    const credentialCalls = { count: 0 };
    const failure = await makeBlind(client(handler, credentialCalls))
      .send(new (sdkCommand(op))({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key', ResourcePolicy: '{}', Tags: [] }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('INTERNAL');
    expect((failure as AppError).message).toContain(`${op} is not one of the calls the app makes`);
    expect((failure as AppError).message).toContain('src/shared/secret-operations.ts');
    expect(handler.targets).toEqual([]);
    expect(credentialCalls.count).toBe(0);
  });

  it('without the guard the same call reaches the handler (the test can fail)', async () => {
    const handler = answeringHandler();
    await client(handler).send(new (sdkCommand('ListSecretVersionIds'))({ SecretId: 'x' })).catch(() => undefined);
    expect(handler.targets).toEqual(['secretsmanager.ListSecretVersionIds']);
  });

  it('still refuses the reads with the blind-write message', async () => {
    const failure = await makeBlind(client(answeringHandler()))
      .send(new (sdkCommand('GetSecretValue'))({ SecretId: 'x' }))
      .catch((error: unknown) => error);
    expect((failure as AppError).message).toBe('The app never reads secret values: GetSecretValue was refused before it was sent.');
  });

  it('refuses a request retargeted on the wire to an unlisted operation', async () => {
    const sneaky = (): sdk.ListSecretsCommand => {
      const command = new sdk.ListSecretsCommand({});
      command.middlewareStack.add(
        (next) => async (args) => {
          (args.request as HttpRequest).headers['x-amz-target'] = 'secretsmanager.ListSecretVersionIds';
          return next(args);
        },
        { step: 'serialize', priority: 'low', name: 'testRetarget' },
      );
      return command;
    };
    const handler = answeringHandler();
    const failure = await makeBlind(client(handler)).send(sneaky()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(handler.targets).toEqual([]);
  });

  it.each(SECRET_OPERATIONS.map((op) => op.name))('lets %s through to the backend', async (op) => {
    const handler = answeringHandler();
    await makeBlind(client(handler))
      .send(new (sdkCommand(op))({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key', Name: 'agentfoundry/dev/acme/shared/openai_api_key', VersionStage: 'AWSPREVIOUS' }))
      .catch(() => undefined);
    expect(handler.targets).toEqual([`secretsmanager.${op}`]);
  });
});
