/**
 * A backend's refusal reads the same whichever command met it (review finding): `fleet` and
 * `verify` list with the client directly, and their failures used to reach the user as
 * UNEXPECTED, without a code to act on or advice. Now they say what `status` says — the app's
 * typed code (ACCESS_DENIED, UNREACHABLE, THROTTLED…), its message with what to do next, exit 1.
 */
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onBackend } from '../../src/cli/backend';
import type { Profile } from '../../src/shared/profiles';
import { closedPortUrl } from '../fakes/fake-provider';
import { Refusal, startScriptedSecretsBackend, THROTTLE, type ScriptedSecretsBackend } from '../fakes/fake-scripted-secrets-backend';
import { runCli, type CliRun } from './helpers';

interface JsonError {
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

function jsonError(run: CliRun): JsonError {
  return JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '') as JsonError;
}

/** The same backend, through status (the reference), fleet and verify, each with --json. */
async function threeCommands(endpoint: string): Promise<Record<'status' | 'fleet' | 'verify', CliRun>> {
  const backend = ['--endpoint', endpoint, '--json'];
  const [status, fleet, verify] = await Promise.all([runCli(['status', 'acme', ...backend]), runCli(['fleet', ...backend]), runCli(['verify', '--org', 'acme', '--no-tag', ...backend])]);
  return { status, fleet, verify };
}

describe('fleet and verify report a backend failure as status does', () => {
  let denying: ScriptedSecretsBackend;
  beforeAll(async () => {
    denying = await startScriptedSecretsBackend(() => new Refusal('AccessDeniedException'));
  });
  afterAll(async () => {
    await denying.close();
  });

  it('AccessDenied: ACCESS_DENIED with the advice, exit 1, nothing on stdout', async () => {
    const runs = await threeCommands(denying.endpoint);
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      expect(run.stdout, name).toBe('');
      const { error } = jsonError(run);
      expect(error.code, name).toBe('ACCESS_DENIED');
      expect(error.message, name).toContain('Ask an administrator for the Secrets Manager permissions this profile needs');
      // Our words, never the server's.
      expect(error.message, name).not.toContain('scripted');
      expect(error, name).toEqual(jsonError(runs.status).error);
    }
    // Without --json, the same sentence in plain text.
    const plain = await runCli(['fleet', '--endpoint', denying.endpoint]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^foundry-secrets: Access was denied for the request .*Ask an administrator/);
  }, 60_000);

  it('an endpoint nobody answers on: UNREACHABLE naming the endpoint and what to check, exit 1', async () => {
    const endpoint = await closedPortUrl();
    const runs = await threeCommands(endpoint);
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      const { error } = jsonError(run);
      expect(error.code, name).toBe('UNREACHABLE');
      expect(error.message, name).toContain(`at ${endpoint} could not be reached`);
      expect(error.message, name).toContain('Check that it is running and the endpoint is correct');
      expect(error, name).toEqual(jsonError(runs.status).error);
    }
  }, 60_000);
});

describe('onBackend: what fleet and verify wrap their listing in', () => {
  it('a throttled answer reads THROTTLED (the SDK retries throttling for tens of seconds, so not run through the CLI here)', async () => {
    const throttling = await startScriptedSecretsBackend(() => THROTTLE);
    const profile: Profile = { kind: 'localstack', id: 'cli-endpoint', name: 'Command-line endpoint', env: 'dev', readOnly: false, endpoint: throttling.endpoint, region: 'us-east-1' };
    const client = new SecretsManagerClient({ endpoint: throttling.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const failure = await onBackend(profile, () => client.send(new ListSecretsCommand({}))).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('is rate-limiting requests') });
      expect((failure as Error).message).toContain('Wait a moment and retry');
    } finally {
      client.destroy();
      await throttling.close();
    }
  });
});
