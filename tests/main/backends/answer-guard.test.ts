/**
 * Backend answers of the wrong shape (review finding): a ListSecrets page whose SecretList holds
 * null, or a Name that is a number, used to reach the code that reads it as a TypeError. The fleet
 * snapshot then stayed "loading" for good, with an unhandled rejection in main, and the status
 * listing answered INTERNAL. Now the app's clients refuse such an answer as the backend's error
 * (UNREACHABLE, naming the field, never its content), and a snapshot always ends.
 * The real SDK against a FAKE hostile server (tests/fakes/fake-hostile-backend.ts).
 */
import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MalformedAnswerError, checkAnswer } from '../../../src/main/backends/answer-guard';
import { createSecretsClient } from '../../../src/main/backends/client-factory';
import { toAppError } from '../../../src/main/backends/sdk-errors';
import { createFleetService } from '../../../src/main/fleet/service';
import { createEventSender } from '../../../src/main/ipc/events';
import { createSecretsService } from '../../../src/main/secrets/service';
import { AppError } from '../../../src/shared/errors';
import type { FleetProgress } from '../../../src/shared/fleet';
import type { Profile } from '../../../src/shared/profiles';
import { hostileBackendPerTest } from '../../fakes/fake-hostile-backend';

const hostile = hostileBackendPerTest();

function profileAt(endpoint: string): Profile {
  return { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' };
}

async function clientAt(endpoint: string): Promise<SecretsManagerClient> {
  return createSecretsClient(profileAt(endpoint), { getVault: () => Promise.reject(new Error('unused')) });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('checkAnswer', () => {
  it('takes answers as Secrets Manager and LocalStack give them, missing and null fields included', () => {
    const when = new Date('2026-11-30T10:00:00Z');
    checkAnswer('ListSecretsCommand', { SecretList: [], $metadata: {} });
    checkAnswer('ListSecretsCommand', { $metadata: {} });
    checkAnswer('ListSecretsCommand', {
      SecretList: [
        { Name: 'agentfoundry/dev/acme/shared/openai_api_key', Tags: [{ Key: 'k', Value: 'v' }], SecretVersionsToStages: { v1: ['AWSCURRENT'] }, LastChangedDate: when, Extra: 1 },
        { Name: 'agentfoundry/dev/acme/shared/github_token', Tags: null, Description: null, DeletedDate: null },
      ],
      NextToken: 'next',
    });
    checkAnswer('DescribeSecretCommand', { Name: 'x', VersionIdsToStages: { v1: ['AWSCURRENT', 'AWSPENDING'] }, Tags: [], CreatedDate: when });
    // Answers the app does not read are not looked at.
    checkAnswer('PutSecretValueCommand', { VersionId: 5 });
  });

  it.each([
    ['ListSecretsCommand', { SecretList: [null] }, 'ListSecrets', 'SecretList[0]'],
    ['ListSecretsCommand', { SecretList: [{ Name: 'ok' }, { Name: 5 }] }, 'ListSecrets', 'SecretList[1].Name'],
    ['ListSecretsCommand', { SecretList: 'everything' }, 'ListSecrets', 'SecretList'],
    ['ListSecretsCommand', { SecretList: [{ Name: 'ok', Tags: 'x' }] }, 'ListSecrets', 'SecretList[0].Tags'],
    ['ListSecretsCommand', { SecretList: [{ Name: 'ok', SecretVersionsToStages: { v: null } }] }, 'ListSecrets', 'SecretList[0].SecretVersionsToStages[…]'],
    ['ListSecretsCommand', { SecretList: [{ Name: 'ok', LastChangedDate: new Date(Number.NaN) }] }, 'ListSecrets', 'SecretList[0].LastChangedDate'],
    ['ListSecretsCommand', { SecretList: [], NextToken: 7 }, 'ListSecrets', 'NextToken'],
    ['DescribeSecretCommand', { Name: 'x', VersionIdsToStages: { v1: null } }, 'DescribeSecret', 'VersionIdsToStages[…]'],
    ['DescribeSecretCommand', null, 'DescribeSecret', 'the answer itself'],
  ])('refuses %s answered %j, naming %s and where', (command, output, operation, where) => {
    let thrown: unknown;
    try {
      checkAnswer(command, output);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MalformedAnswerError);
    expect(thrown).toMatchObject({ operation, fieldPath: where });
  });

  it('never repeats a key the backend chose (any length, any characters)', () => {
    const key = `\u202e${'k'.repeat(5_000)}\u0007`;
    try {
      checkAnswer('DescribeSecretCommand', { VersionIdsToStages: { [key]: 'AWSCURRENT' } });
      expect.unreachable();
    } catch (error) {
      const appError = toAppError(error, { profile: profileAt('http://127.0.0.1:4566') });
      expect(appError.message).toContain('VersionIdsToStages[…]');
      expect(appError.message).not.toContain('kkkk');
      expect(appError.message.length).toBeLessThan(600);
    }
  });

  it('names the field, never what was in it', () => {
    const secretish = 'sk-CANARY-never-echo-this-0123456789';
    try {
      checkAnswer('ListSecretsCommand', { SecretList: [{ Name: 'ok', Tags: [{ Key: 'k', Value: { nested: secretish } }] }] });
      expect.unreachable();
    } catch (error) {
      const appError = toAppError(error, { profile: profileAt('http://127.0.0.1:4566') });
      expect(appError.code).toBe('UNREACHABLE');
      expect(appError.message).toContain('SecretList[0].Tags[0].Value');
      expect(JSON.stringify(appError.toWire())).not.toContain('CANARY');
    }
  });
});

describe('the app against a backend that answers the wrong shape (real SDK, over HTTP)', () => {
  it('a listing is refused as the backend error UNREACHABLE, with what to do, not INTERNAL', async () => {
    const backend = await hostile.start('malformed');
    const client = await clientAt(backend.endpoint);
    try {
      await expect(client.send(new ListSecretsCommand({}))).rejects.toBeInstanceOf(MalformedAnswerError);
      const service = createSecretsService(client, profileAt(backend.endpoint));
      const failure = await service.listStatus('acme').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject({ code: 'UNREACHABLE', details: { malformedAnswer: 'ListSecrets', endpoint: backend.endpoint } });
      expect((failure as AppError).message).toMatch(/not a Secrets Manager answer \(SecretList\[0\] has the wrong type\).*Check that the profile's endpoint/);
    } finally {
      client.destroy();
    }
    // Not retried: the same endpoint would answer the same way.
    expect(backend.requests.filter((target) => target === 'secretsmanager.ListSecrets')).toHaveLength(2);
  });

  it('a fleet snapshot ends as failed, with the backend error, and leaves no unhandled rejection', async () => {
    const backend = await hostile.start('malformed', { malformedAnswers: { ListSecrets: '{"SecretList":[{"Name":5}]}' } });
    const client = await clientAt(backend.endpoint);
    const events: FleetProgress[] = [];
    const send = createEventSender(
      (_channel, payload) => events.push(payload as FleetProgress),
      () => undefined,
    );
    const profile = profileAt(backend.endpoint);
    const fleet = createFleetService({ clientFor: async () => client, send });
    try {
      fleet.load(profile, [], true);
      await fleet.settled(profile);
      await new Promise((resolve) => setImmediate(resolve));
      const last = events.at(-1);
      expect(last).toMatchObject({ state: 'failed', error: { code: 'UNREACHABLE' } });
      expect(last?.error?.message).toContain('SecretList[0].Name');
      expect(unhandled).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('a bug while building a snapshot (not a backend error) still ends it, as INTERNAL, and is told by class only', async () => {
    const events: FleetProgress[] = [];
    const send = createEventSender(
      (_channel, payload) => events.push(payload as FleetProgress),
      () => undefined,
    );
    const told: string[] = [];
    const profile = profileAt('http://127.0.0.1:1');
    const fleet = createFleetService({
      clientFor: async () => ({}) as SecretsManagerClient,
      send,
      onUnexpected: (errorClass) => told.push(errorClass),
      list: async () => {
        throw new TypeError('cannot read sk-CANARY of undefined');
      },
    });
    fleet.load(profile, [], true);
    await fleet.settled(profile);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.at(-1)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(events)).not.toContain('CANARY');
    expect(told).toEqual(['TypeError']);
    expect(unhandled).toEqual([]);
  });
});
