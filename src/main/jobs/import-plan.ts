/**
 * From a parsed `.env` source and a target (env, org, domain) to a blind plan: per key, the secret
 * it maps to, whether that secret exists, and what the run will do. The preview the window shows
 * and the job that runs are built from the same plan, so they cannot disagree.
 *
 * Mapping: a catalog secret by its environment variable (`OPENAI_API_KEY` → `openai_api_key`),
 * case-insensitively; any other key becomes a custom secret named after it in lower case when
 * custom keys are included (and its name passes the naming rules), else it is skipped.
 */
import { CATALOG, type CatalogEntry } from '../../shared/catalog';
import type { ImportItem, ImportOptions, ImportPlan, ImportPreview } from '../../shared/jobs';
import { IMPORT_PLANS } from '../../shared/jobs';
import { buildSecretId, nameSegmentProblem, type Env } from '../../shared/naming';
import type { SecretStatusList } from '../../shared/secrets';
import type { EnvEntry } from './env-file';
import type { ImportSourceRecord } from './import-sources';

export interface PlannedWrite {
  readonly item: ImportItem & { readonly secretName: string; readonly secretId: string };
  readonly entry: EnvEntry;
}

export interface ImportPlanResult {
  readonly preview: ImportPreview;
  /** The items the run writes (plan `create` or `overwrite`), in preview order. */
  readonly writes: readonly PlannedWrite[];
}

const byEnvVar = new Map<string, CatalogEntry>(CATALOG.flatMap((entry) => (entry.envVar ? [[entry.envVar.toUpperCase(), entry] as const] : [])));

/** The catalog secret a `.env` key names, if any. */
export function catalogEntryForKey(key: string): CatalogEntry | undefined {
  return byEnvVar.get(key.toUpperCase());
}

/**
 * A fixed note when a catalog key's value does not start with any of the provider's known prefixes.
 * It says which prefixes are expected, never what the value starts with.
 */
function formatWarning(entry: CatalogEntry, env: EnvEntry): string | undefined {
  const prefixes = entry.valuePrefixes;
  const text = env.value.reveal();
  if (!prefixes || prefixes.length === 0 || typeof text !== 'string' || text === '') return undefined;
  if (prefixes.some((prefix) => text.startsWith(prefix))) return undefined;
  return `Does not start the way ${entry.provider} keys do (${prefixes.map((prefix) => `"${prefix}"`).join(', ')}): check it is the right value.`;
}

interface Existing {
  readonly exists: boolean;
  readonly lastChangedAt?: number;
  readonly scheduled: boolean;
}

/** The target domain's own secret (not one inherited from shared), from a status list. */
function existingIn(list: SecretStatusList | undefined, secretName: string): Existing {
  const status = list?.secrets.find((secret) => secret.secretName === secretName);
  if (!status || (status.state !== 'configured' && status.state !== 'scheduled-for-deletion')) return { exists: false, scheduled: false };
  const changed = status.lastChangedAt === undefined ? undefined : Date.parse(status.lastChangedAt);
  return { exists: true, scheduled: status.state === 'scheduled-for-deletion', ...(changed !== undefined && { lastChangedAt: changed }) };
}

export function planImport(record: ImportSourceRecord, options: ImportOptions, env: Env, existing: SecretStatusList | undefined): ImportPlanResult {
  const skip = new Set(options.skipKeys);
  const items: ImportItem[] = [];
  const writes: PlannedWrite[] = [];
  for (const entry of record.parsed.entries) {
    const base = { key: entry.key, line: entry.line, ...(entry.overriddenLines.length > 0 && { overriddenLines: [...entry.overriddenLines] }) };
    const catalog = catalogEntryForKey(entry.key);
    const secretName = catalog?.secretName ?? entry.key.toLowerCase();
    const custom = catalog === undefined;
    const push = (plan: ImportPlan, extra: Partial<ImportItem> = {}): ImportItem => {
      const item: ImportItem = { ...base, plan, exists: false, ...extra };
      items.push(item);
      return item;
    };
    if (custom && !options.includeCustom) {
      push('skip-unmapped', { warning: 'No catalog secret uses this variable; include custom keys to import it as a custom secret.' });
      continue;
    }
    const nameProblem = custom ? nameSegmentProblem('secretName', secretName) : null;
    let secretId: string | undefined;
    if (nameProblem === null) {
      try {
        secretId = buildSecretId({ env, orgId: options.orgId, domainId: options.domainId, secretName });
      } catch {
        secretId = undefined;
      }
    }
    if (secretId === undefined) {
      push('invalid-name', { custom, warning: `"${secretName}" cannot be a secret name: ${nameProblem ?? 'the full secret id would be too long'}.` });
      continue;
    }
    const found = existingIn(existing, secretName);
    const target = { secretName, secretId, custom, exists: found.exists, ...(found.lastChangedAt !== undefined && { lastChangedAt: found.lastChangedAt }) };
    const warning = entry.problem === 'unquoted-multiline'
      ? 'A multi-line value (a PEM key?) without quotes: only its first line would be read. Put it in double quotes in the file, then open it again.'
      : found.scheduled
      ? 'Scheduled for deletion: restore it first, or the write will be refused.'
      : catalog
        ? formatWarning(catalog, entry)
        : undefined;
    const plan: ImportPlan = entry.problem === 'unquoted-multiline'
      ? 'skip-malformed'
      : skip.has(entry.key)
      ? 'skip-chosen'
      : entry.empty
        ? 'skip-empty'
        : found.exists && !options.overwrite
          ? 'skip-existing'
          : found.exists
            ? 'overwrite'
            : 'create';
    const item = push(plan, { ...target, ...(warning !== undefined && { warning }) });
    if (plan === 'create' || plan === 'overwrite') writes.push({ item: { ...item, secretName, secretId }, entry });
  }
  const counts = Object.fromEntries(IMPORT_PLANS.map((plan) => [plan, items.filter((item) => item.plan === plan).length])) as Record<ImportPlan, number>;
  return {
    preview: {
      sourceId: record.sourceId,
      sourceName: record.name,
      env,
      orgId: options.orgId,
      domainId: options.domainId,
      items,
      badLines: [...record.parsed.badLines],
      materialLines: [...record.parsed.materialLines],
      counts,
    },
    writes,
  };
}
