/**
 * What several checks read, asked once per run: the profile's blind client, one small ListSecrets
 * (reachability, latency, the answer's `Date` header) and, for LocalStack, its health and info.
 */
import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppError } from '../../shared/errors';
import { SECRET_ID_PREFIX } from '../../shared/naming';
import type { Profile } from '../../shared/profiles';
import { createSecretsClientWithTarget, type BackendTarget, type ClientFactoryDeps } from '../backends/client-factory';
import { checkLocalStackHealth, type LocalStackHealth } from '../backends/localstack';
import { toAppError } from '../backends/sdk-errors';
import { readLocalStackInfo, type LocalStackInfo } from './localstack-info';

export type SecretsProbe =
  | { readonly ok: true; readonly latencyMs: number; readonly endpoint: string; readonly serverDate?: Date; readonly receivedAt?: Date }
  | { readonly ok: false; readonly latencyMs: number; readonly endpoint: string; readonly error: AppError; readonly serverDate?: Date; readonly receivedAt?: Date };

export interface Probes {
  readonly profile: Profile;
  readonly deps: ClientFactoryDeps;
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /** Per network call (health, info); the runner bounds each whole check too. */
  readonly callTimeoutMs: number;
  client(): Promise<{ client: SecretsManagerClient; target: BackendTarget }>;
  secrets(): Promise<SecretsProbe>;
  health(): Promise<LocalStackHealth>;
  info(): Promise<LocalStackInfo>;
  close(): void;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export function createProbes(profile: Profile, deps: ClientFactoryDeps, options: { signal: AbortSignal; now: () => Date; callTimeoutMs: number }): Probes {
  const { signal, now, callTimeoutMs } = options;
  const client = once(() => createSecretsClientWithTarget(profile, deps));

  const secrets = once(async (): Promise<SecretsProbe> => {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let built: { client: SecretsManagerClient; target: BackendTarget };
    try {
      built = await client();
    } catch (error) {
      return { ok: false, latencyMs: elapsed(), endpoint: profile.kind === 'localstack' ? profile.endpoint : '', error: toAppError(error, { profile }) };
    }
    const command = new ListSecretsCommand({ MaxResults: 1, Filters: [{ Key: 'name', Values: [SECRET_ID_PREFIX] }] });
    let usedEndpoint: string | undefined;
    let dated: { serverDate?: Date; receivedAt?: Date } = {};
    command.middlewareStack.add(
      (next, context) => async (args) => {
        usedEndpoint = context.endpointV2?.url.href.replace(/\/+$/, '');
        return next(args);
      },
      { step: 'build', name: 'foundryDiagnosticsEndpoint' },
    );
    // Inside the deserializer: the raw answer, read even when it is an error (its Date still counts).
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string | undefined> } | undefined)?.headers ?? {};
        const date = headers['date'] ?? headers['Date'];
        // Kept even when unparsable (an Invalid Date): the clock check reports that as the server's fault.
        if (date) dated = { serverDate: new Date(date), receivedAt: now() };
        return result;
      },
      { step: 'deserialize', name: 'foundryDiagnosticsDate', priority: 'low' },
    );
    const endpointOf = (): string => (profile.kind === 'embedded' ? built.target.endpoint : (usedEndpoint ?? built.target.endpoint));
    try {
      await built.client.send(command, { abortSignal: signal });
      return { ok: true, latencyMs: elapsed(), endpoint: endpointOf(), ...dated };
    } catch (error) {
      return { ok: false, latencyMs: elapsed(), endpoint: endpointOf(), error: toAppError(error, { profile, endpoint: endpointOf() }), ...dated };
    }
  });

  const endpoint = profile.kind === 'localstack' ? profile.endpoint : '';
  const health = once(() => checkLocalStackHealth(endpoint, { timeoutMs: callTimeoutMs }));
  const info = once(() => readLocalStackInfo(endpoint, { timeoutMs: callTimeoutMs, signal, now }));

  return {
    profile,
    deps,
    signal,
    now,
    callTimeoutMs,
    client,
    secrets,
    health,
    info,
    close() {
      // The embedded vault's handler is shared by all its clients (client-factory.ts): only socket-backed ones are torn down.
      if (profile.kind !== 'embedded') void client().then((built) => built.client.destroy(), () => undefined);
    },
  };
}
