/** The run of `seed-fake`: one audited put per catalog secret, its outcome printed (never the value). */
import { randomBytes, randomUUID } from 'node:crypto';
import { CATALOG } from '../../shared/catalog';
import { isAppError } from '../../shared/errors';
import { isLoopbackHost } from '../../shared/loopback';
import { buildSecretId } from '../../shared/naming';
import type { Profile } from '../../shared/profiles';
import { SecretValue } from '../../shared/secret-value';
import { openBackend, type BackendChoice } from '../backend';
import { EXIT, toCliError, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson, formatTable } from '../output';

export interface SeedOptions {
  readonly orgId: string;
  readonly domainId: string;
  readonly backend: BackendChoice;
  readonly overwrite: boolean;
  readonly json: boolean;
}

interface SeedItem {
  readonly secretId: string;
  readonly outcome: 'created' | 'filled' | 'overwritten' | 'skipped' | 'failed';
  readonly reason?: string;
  readonly code?: string;
}

/** Why a backend is no place for fake values, or null when it is (local and not prod). */
export function seedRefusal(profile: Profile): string | null {
  if (profile.env === 'prod') return `profile "${profile.id}" works on env prod, and seed-fake never writes there`;
  if (profile.kind === 'aws') return `profile "${profile.id}" is AWS Secrets Manager, not a backend on this machine`;
  if (profile.kind === 'localstack' && !isLoopbackHost(new URL(profile.endpoint).hostname)) return `profile "${profile.id}" talks to an endpoint that is not on this machine`;
  return null;
}

/** Obviously fake: says so, names the secret, and is unique per run. */
export function fakeValue(secretName: string): string {
  return `FAKE-${secretName}-${randomBytes(6).toString('hex')}`;
}

export async function seedFake(options: SeedOptions, io: CliIo): Promise<ExitCode> {
  const backend = await openBackend(options.backend, io.env);
  try {
    const refusal = seedRefusal(backend.profile);
    if (refusal) throw usageError(`${refusal}: nothing was written`, 'Use an embedded vault, LocalStack on localhost, or a served vault, in dev or staging.');
    const items: SeedItem[] = [];
    for (const entry of CATALOG) {
      const ref = { orgId: options.orgId, domainId: options.domainId, secretName: entry.secretName };
      const secretId = buildSecretId({ env: backend.profile.env, ...ref });
      try {
        const result = await backend.secretChange(
          'secret.write',
          ref,
          (service) => service.put({ ...ref, value: new SecretValue(fakeValue(entry.secretName)) }, { token: randomUUID(), overwrite: options.overwrite }),
          (done) => ({ ...(done.outcome === 'overwritten' && { action: 'secret.rotate' as const }), keyCheck: 'skipped' as const }),
        );
        items.push({ secretId, outcome: result.outcome === 'exists' ? 'skipped' : result.outcome, ...(result.outcome === 'exists' && { reason: 'exists (use --overwrite to replace it)' }) });
      } catch (error) {
        items.push({ secretId, outcome: 'failed', reason: toCliError(error).message, ...(isAppError(error) && { code: error.code }) });
      }
    }
    const counts = { written: items.filter((i) => i.outcome !== 'skipped' && i.outcome !== 'failed').length, skipped: items.filter((i) => i.outcome === 'skipped').length, failed: items.filter((i) => i.outcome === 'failed').length };
    const exitCode: ExitCode = counts.failed > 0 ? EXIT.failed : EXIT.ok;
    if (options.json) {
      io.stdout.write(formatJson({ env: backend.profile.env, orgId: options.orgId, domainId: options.domainId, items, counts, auditDir: backend.auditDir ?? null, exitCode }));
    } else {
      io.stdout.write(formatTable(['SECRET ID', 'RESULT'], items.map((item) => [item.secretId, item.reason ? `${item.outcome}: ${item.reason}` : item.outcome])));
      io.stdout.write(`Done: ${counts.written} written, ${counts.skipped} skipped, ${counts.failed} failed (fake values, for local development only).\n`);
    }
    return exitCode;
  } finally {
    await backend.close();
  }
}
