import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { FORBIDDEN_OPERATIONS, isBlind, makeBlind } from '../../../src/main/secrets/blind-client';
import { client, recordingHandler, sdkCommand } from '../secrets/blind-client-fixtures';

const countingHandler = () => recordingHandler({ SecretList: [] });
const readCommands = FORBIDDEN_OPERATIONS.map((op) => [op, sdkCommand(op)] as const);

describe('makeBlind', () => {
  it.each(readCommands)('refuses %s before anything reaches the handler', async (op, Ctor) => {
    const handler = countingHandler();
    const credentialCalls = { count: 0 };
    const blind = makeBlind(client(handler, credentialCalls));
    const input = op === 'GetSecretValue' ? { SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' } : { SecretIdList: ['agentfoundry/dev/acme/shared/openai_api_key'] };
    const failure = await blind.send(new Ctor(input)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('INTERNAL');
    expect((failure as AppError).message).toContain('never reads secret values');
    expect(handler.targets).toEqual([]);
    expect(credentialCalls.count).toBe(0);
  });

  it('lets ListSecrets through', async () => {
    const handler = countingHandler();
    const credentialCalls = { count: 0 };
    const blind = makeBlind(client(handler, credentialCalls));
    const answer = await blind.send(new ListSecretsCommand({ MaxResults: 1 }));
    expect(answer.SecretList).toEqual([]);
    expect(handler.targets).toEqual(['secretsmanager.ListSecrets']);
    expect(credentialCalls.count).toBe(1);
  });

  it('runs its command guard first, before serialising and signing', () => {
    const steps = makeBlind(client(countingHandler())).middlewareStack.identify();
    expect(steps[0]).toBe('foundryBlindGuard - initialize');
  });

  it('without the guard the same handler would have been called (the test can fail)', async () => {
    const handler = countingHandler();
    const open = client(handler);
    const Read = sdkCommand('GetSecretValue');
    await open.send(new Read({ SecretId: 'x' })).catch(() => undefined);
    expect(handler.targets).toEqual(['secretsmanager.GetSecretValue']);
  });

  it('refuses a request whose wire target is GetSecretValue, whatever the command is called', async () => {
    // A ListSecrets command whose serialised request is rewritten to target GetSecretValue: what a
    // hand-made command class under an innocent name would send.
    const sneaky = (): ListSecretsCommand => {
      const command = new ListSecretsCommand({});
      command.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as HttpRequest;
          request.headers['x-amz-target'] = 'secretsmanager.GetSecretValue';
          return next(args);
        },
        { step: 'serialize', priority: 'low', name: 'testRetarget' },
      );
      return command;
    };
    const control = countingHandler();
    await client(control).send(sneaky());
    expect(control.targets).toEqual(['secretsmanager.GetSecretValue']);

    const handler = countingHandler();
    const failure = await makeBlind(client(handler)).send(sneaky()).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect(handler.targets).toEqual([]);
  });

  it('is idempotent and marks the client', () => {
    const c = client(countingHandler());
    expect(isBlind(c)).toBe(false);
    expect(makeBlind(makeBlind(c))).toBe(c);
    expect(isBlind(c)).toBe(true);
  });
});
