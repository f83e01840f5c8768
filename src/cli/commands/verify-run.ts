/**
 * The run of `verify`: list the env's (or one org's) secrets with the app's blind client, read
 * each checkable one with verify's own reading client, check it with the app's key-check module,
 * and tag it with the verdict. Bounded concurrency; a count on stderr only on a terminal.
 *
 * What is printed and tagged comes from the check's result (an outcome and a fixed reason built
 * from an HTTP status or an error code), the secret's id and our own words: never the value, its
 * length, a hash, or anything a provider answered.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_KEY_CHECK_SETTINGS, keyCheckProviderFor, keyCheckSettingsSchema, type KeyCheckProviderId, type KeyCheckSettings } from '../../shared/key-checks';
import { healthTagsFor, type KeyHealthVerdict } from '../../shared/key-health';
import { DEFAULT_DOMAIN_ID, buildSecretId, envPrefix, orgPrefix, type Env } from '../../shared/naming';
import type { SecretValue } from '../../shared/secret-value';
import { listUnderPrefix, type ListedSecret } from '../../main/secrets/listing';
import { isConfigured } from '../../main/secrets/status';
import { SETTINGS_FILE } from '../../main/settings-store';
import { checkKey, type CheckKeyOptions } from '../../main/validation/index';
import type { KeyCheckResult } from '../../shared/key-checks';
import { onBackend, openBackend, type BackendChoice } from '../backend';
import { assertProdTyped } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson, formatTable, plural } from '../output';
import { createVerifyClient, type ReadOutcome, type VerifyClient } from '../reading/verify-client';

/** Reads and provider calls in flight at once: gentle on the backend's and the providers' rate limits. */
export const VERIFY_CONCURRENCY = 4;

export const VERIFY_OUTCOMES = ['valid', 'rejected', 'unverified', 'skipped', 'failed'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

export interface VerifyOptions {
  readonly backend: BackendChoice;
  readonly json: boolean;
  readonly orgId?: string;
  readonly domainId?: string;
  readonly providerUrls: Partial<Record<KeyCheckProviderId, string>>;
  /** Write the health tags (false: --no-tag, check only). A read-only profile never tags either. */
  readonly tag: boolean;
}

/** Writes one secret's health tags (audited when there is an audit log); absent when verdicts are not recorded. */
type RecordVerdict = (secret: ListedSecret, verdict: KeyHealthVerdict, tags: readonly { Key: string; Value: string }[]) => Promise<void>;

export interface VerifyResult {
  readonly secretId: string;
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
  readonly outcome: VerifyOutcome;
  readonly provider?: KeyCheckProviderId;
  /** Fixed text: "key refused (HTTP 401)", "timed out after 5 s", "no provider checks this secret"… */
  readonly reason: string;
  /** The health tags were written. */
  readonly tagged: boolean;
  readonly checkedAt?: string;
}

/** The app's key-check settings from its data folder, read only (the app owns that file). */
async function appKeyCheckSettings(dataDir: string | undefined, io: CliIo): Promise<KeyCheckSettings> {
  if (dataDir === undefined) return DEFAULT_KEY_CHECK_SETTINGS;
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, SETTINGS_FILE), 'utf8');
  } catch {
    return DEFAULT_KEY_CHECK_SETTINGS;
  }
  try {
    const parsed = z.object({ keyChecks: keyCheckSettingsSchema.optional() }).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.keyChecks ?? DEFAULT_KEY_CHECK_SETTINGS;
  } catch {
    // Same note as a failed parse, below.
  }
  io.stderr.write(`note: the app's ${SETTINGS_FILE} in ${dataDir} could not be read; the default provider URLs apply.\n`);
  return DEFAULT_KEY_CHECK_SETTINGS;
}

function counter(io: CliIo, total: number): { tick(): void; finish(): void } {
  if (!io.stderr.isTTY) return { tick: () => undefined, finish: () => undefined };
  let done = 0;
  return {
    tick() {
      done += 1;
      io.stderr.write(`\r\u001b[2Kverifying ${done}/${total}`);
    },
    finish() {
      io.stderr.write('\r\u001b[2K');
    },
  };
}

/** The other half of a LiveKit pair: in the same domain, else the org's shared one (as the reader falls back). */
function companionOf(secret: ListedSecret, stored: ReadonlyMap<string, ListedSecret>): ListedSecret | undefined {
  const otherName = keyCheckProviderFor(secret.id.secretName)?.pairedWith?.[secret.id.secretName];
  if (otherName === undefined) return undefined;
  const ref = { env: secret.id.env, orgId: secret.id.orgId, secretName: otherName };
  return stored.get(buildSecretId({ ...ref, domainId: secret.id.domainId })) ?? stored.get(buildSecretId({ ...ref, domainId: DEFAULT_DOMAIN_ID }));
}

async function verifyOne(
  secret: ListedSecret,
  stored: ReadonlyMap<string, ListedSecret>,
  reader: VerifyClient,
  settings: KeyCheckSettings,
  check: (options: CheckKeyOptions) => Promise<KeyCheckResult>,
  record: RecordVerdict | undefined,
): Promise<VerifyResult> {
  const { secretId, orgId, domainId, secretName } = secret.id;
  const base = { secretId, orgId, domainId, secretName };
  const provider = keyCheckProviderFor(secretName);
  if (!provider) return { ...base, outcome: 'skipped', reason: 'no provider checks this secret', tagged: false };
  const withProvider = { ...base, provider: provider.id };

  const read = await reader.read(secretId);
  if (read.kind === 'gone') return { ...withProvider, outcome: 'skipped', reason: 'deleted since it was listed', tagged: false };
  if (read.kind === 'failed') return { ...withProvider, outcome: 'failed', reason: read.reason, tagged: false };
  if (read.value.isBinary) return { ...withProvider, outcome: 'skipped', reason: 'a binary value is not an API key', tagged: false };

  let companion: SecretValue | undefined;
  const pair = companionOf(secret, stored);
  if (pair) {
    const other: ReadOutcome = await reader.read(pair.id.secretId);
    if (other.kind === 'value') companion = other.value;
  }

  const result = await check({ secretName, value: read.value, settings, ...(companion && { companion }) });
  const verdict: KeyHealthVerdict = result.outcome;
  const checkedAt = new Date();
  if (!record) return { ...withProvider, outcome: verdict, reason: result.reason, tagged: false, checkedAt: checkedAt.toISOString() };
  try {
    // One call: the verdict, and which version it is about (so the app can tell a later rewrite
    // from this tagging, which moves LastChangedDate too).
    await record(secret, verdict, healthTagsFor(verdict, checkedAt, read.version));
  } catch (error) {
    const why = error instanceof Error ? error.message : 'TagResource failed';
    return { ...withProvider, outcome: 'failed', reason: `${verdict}, but not recorded: ${why}`, tagged: false };
  }
  return { ...withProvider, outcome: verdict, reason: result.reason, tagged: true, checkedAt: checkedAt.toISOString() };
}

/** Runs `work` on each item, at most `limit` at a time, keeping the items' order in the answer. */
async function boundedMap<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function countsOf(results: readonly VerifyResult[]): Record<VerifyOutcome, number> {
  const counts = Object.fromEntries(VERIFY_OUTCOMES.map((outcome) => [outcome, 0])) as Record<VerifyOutcome, number>;
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}

export async function verifyKeys(options: VerifyOptions, io: CliIo): Promise<ExitCode> {
  const settings0 = await appKeyCheckSettings(options.backend.dataDir, io);
  const settings: KeyCheckSettings = { ...settings0, baseUrls: { ...settings0.baseUrls, ...options.providerUrls } };
  if (!settings.enabled) {
    throw usageError('key checks are turned off in the app\'s settings (no key may leave for a provider), so verify has nothing to do', 'Turn key checks on in the app (Settings › Key checks), or run verify with another --data DIR.');
  }

  const backend = await openBackend(options.backend, io.env);
  let reader: VerifyClient | undefined;
  try {
    const env: Env = backend.profile.env;
    // A read-only profile is one the operator set up not to change anything (the app saves prod
    // profiles so): checking still helps, tagging would be a change. Anything else tags as a change
    // does: prod only with --env prod typed, and audited.
    const recording = options.tag && !backend.profile.readOnly;
    if (recording) assertProdTyped(backend.profile, options.backend);
    const scope = options.orgId === undefined ? 'every organization' : `organization ${options.orgId}`;
    io.stderr.write(`Verifying the keys of ${scope}${options.domainId === undefined ? '' : `, domain ${options.domainId}`}, env ${env}, in ${backend.description} (reads values${recording ? ', writes the foundry:health tags' : ''}).\n`);
    if (!recording) {
      const why = options.tag ? `read-only profile "${backend.profile.id}"` : '--no-tag';
      io.stderr.write(`${why}: verdicts not recorded (checks only: no tags written, nothing audited).\n`);
    }

    const client = await backend.jobDeps.clientFor(backend.profile);
    // Its failures as status says them (ACCESS_DENIED, UNREACHABLE, THROTTLED…), not UNEXPECTED.
    const listed = await onBackend(backend.profile, () => listUnderPrefix(client, options.orgId === undefined ? envPrefix(env) : orgPrefix(env, options.orgId)));
    const stored = listed.filter((secret) => secret.id.env === env && isConfigured(secret.meta) && (options.orgId === undefined || secret.id.orgId === options.orgId));
    const byId = new Map(stored.map((secret) => [secret.id.secretId, secret]));
    const chosen = stored
      .filter((secret) => options.domainId === undefined || secret.id.domainId === options.domainId)
      .sort((a, b) => a.id.secretId.localeCompare(b.id.secretId));

    reader = createVerifyClient(await backend.unguardedClientConfig(), backend.description);
    const progress = counter(io, chosen.length);
    const active = reader;
    const record: RecordVerdict | undefined = recording
      ? async (secret, verdict, tags) => {
          const { orgId, domainId, secretName, secretId } = secret.id;
          await backend.secretChange('secret.health-tag', { orgId, domainId, secretName }, () => active.tag(secretId, tags), () => ({ keyCheck: verdict }));
        }
      : undefined;
    const results = await boundedMap(chosen, VERIFY_CONCURRENCY, async (secret) => {
      const result = await verifyOne(secret, byId, active, settings, checkKey, record);
      progress.tick();
      return result;
    });
    progress.finish();

    const counts = countsOf(results);
    if (options.json) {
      io.stdout.write(formatJson({ env, backend: backend.description, ...(options.orgId !== undefined && { orgId: options.orgId }), ...(options.domainId !== undefined && { domainId: options.domainId }), counts, results }));
    } else if (results.length === 0) {
      io.stdout.write('No stored secrets to verify.\n');
    } else {
      io.stdout.write(formatTable(['VERDICT', 'SECRET', 'PROVIDER', 'REASON'], results.map((result) => [result.outcome, result.secretId, result.provider ?? '-', result.reason])));
      const summary = VERIFY_OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => `${counts[outcome]} ${outcome}`);
      io.stdout.write(`\n${plural(results.length, 'secret')}: ${summary.join(', ')}.\n`);
    }
    return counts.rejected + counts.unverified + counts.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    reader?.close();
    await backend.close();
  }
}
