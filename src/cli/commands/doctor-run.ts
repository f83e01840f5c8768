/**
 * The work of `foundry-secrets doctor` once its flags are read: find the profile (the app's active
 * one, a named one, or one made for --endpoint), run the diagnostics, print the report.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { formatDiagnosticsText } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import { localstackProfileSchema, type Profile } from '../../shared/profiles';
import type { ClientFactoryDeps } from '../../main/backends/client-factory';
import { LOCALSTACK_DEFAULT_REGION } from '../../main/backends/localstack';
import { DEFAULT_EMBEDDED_PROFILE, PROFILES_FILE, openProfileStore } from '../../main/backends/profile-store';
import { runDiagnostics } from '../../main/diagnostics/runner';
import { readEnvelope } from '../../main/vault/envelope';
import { defaultKeyProtector, openVault, type Vault } from '../../main/vault/index';
import { APP_VAULT_DIR } from '../app-data';
import { dataFolderSaid, endpointCredentials, profileCleartextCheck } from '../backend';
import { CliError, EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson } from '../output';
import type { DoctorOptions, DoctorTarget } from './doctor';

const HELP_HINT = 'See: foundry-secrets doctor --help';

interface Chosen {
  readonly profile: Profile;
  /** Which backend, in words, for the report's header. */
  readonly said: string;
}

async function hasProfiles(dataDir: string): Promise<boolean> {
  return fs.access(path.join(dataDir, PROFILES_FILE)).then(() => true, () => false);
}

async function choose(target: DoctorTarget, env: NodeJS.ProcessEnv): Promise<Chosen> {
  if (target.kind === 'endpoint') {
    const region = target.region ?? (env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim() || LOCALSTACK_DEFAULT_REGION);
    const parsed = localstackProfileSchema.safeParse({ kind: 'localstack', id: 'cli-endpoint', name: 'Command-line endpoint', env: target.env, readOnly: true, endpoint: target.endpoint, region });
    if (!parsed.success) {
      const flag = parsed.error.issues[0]?.path[0] === 'region' ? (target.region === undefined ? 'the region (AWS_REGION)' : '--region') : '--endpoint';
      throw usageError(`${flag} ${parsed.error.issues[0]?.message ?? 'is not valid'}`, HELP_HINT);
    }
    return { profile: parsed.data, said: `--endpoint ${parsed.data.endpoint} (${region}, env ${target.env})` };
  }
  if (!(await hasProfiles(target.dataDir))) {
    if (target.kind === 'profile') throw usageError(`there are no app profiles in ${dataFolderSaid(target.dataDir)} (no ${PROFILES_FILE})`, 'Pass the app\'s data folder with --data DIR, or use --endpoint URL.');
    return { profile: DEFAULT_EMBEDDED_PROFILE, said: `the app's default profile (no ${PROFILES_FILE} in ${target.dataDir} yet)` };
  }
  // An empty environment: ENVIRONMENT=production would make the store add and select a profile.
  const store = await openProfileStore(target.dataDir, {});
  if (target.kind === 'active') return { profile: store.active(), said: `the app's active profile, from ${target.dataDir}` };
  const profile = store.get(target.profileId);
  if (!profile) {
    // Never repeated: a pasted key can be a valid id.
    throw usageError(`no profile with that id in ${store.file}; the profiles there: ${store.list().profiles.map((p) => p.id).join(', ')}`, 'Pass one of those ids with --profile.');
  }
  return { profile, said: `--profile ${profile.id}, from ${target.dataDir}` };
}

export async function doctor(options: DoctorOptions, io: CliIo): Promise<ExitCode> {
  const chosen = await choose(options.target, io.env);
  // --endpoint was checked with the flags; a profile's endpoint is known only now.
  if (options.target.kind !== 'endpoint') profileCleartextCheck(chosen.profile, options.allowHttp, (line) => io.stderr.write(line));
  const dataDir = options.target.kind === 'endpoint' ? undefined : options.target.dataDir;
  let vault: Promise<Vault> | undefined;
  const getVault = (): Promise<Vault> => {
    if (dataDir === undefined) return Promise.reject(new AppError('UNREACHABLE', 'No embedded vault is used with --endpoint.'));
    const vaultDir = path.join(dataDir, APP_VAULT_DIR);
    // Opened, never created: a vault the CLI made in the app's folder would lock the app out (backend.ts).
    vault ??= readEnvelope(vaultDir).then((envelope) => {
      if (!envelope) throw new AppError('UNREACHABLE', `There is no embedded vault in ${dataDir} yet: start the app once (or write a first secret) to create it.`);
      return openVault({ dataDir: vaultDir, keyProtector: defaultKeyProtector(vaultDir, io.env) });
    });
    return vault;
  };
  const credentials = options.target.kind === 'endpoint' ? endpointCredentials(io.env) : undefined;
  const deps: ClientFactoryDeps = { getVault, env: io.env, ...(credentials && { localstackCredentials: credentials }) };

  const stop = new AbortController();
  const removeInterrupt = io.onInterrupt(() => stop.abort());
  try {
    const report = await runDiagnostics(chosen.profile, deps, { signal: stop.signal, ...(options.secret && { secret: options.secret }) });
    io.stdout.write(options.json ? formatJson({ backend: chosen.said, ...report }) : formatDiagnosticsText(report, [`Backend: ${chosen.said}`]));
    // Ctrl+C: what finished is printed above; the run itself ends as every cancelled command does.
    if (report.cancelled) throw new CliError('Cancelled: diagnostics stopped before every check finished.', EXIT.failed, undefined, 'CANCELLED');
    return report.healthy ? EXIT.ok : EXIT.failed;
  } finally {
    removeInterrupt();
    await vault?.then((opened) => opened.close(), () => undefined);
  }
}
