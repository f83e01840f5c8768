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
import { edgeWhitespace, isBlank, isMultiLine, secretValueProblem } from '../../shared/value-rules';
import { ENV_PROBLEMS, type EnvEntry } from './env-file';
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

/**
 * Why a value the file holds cannot be stored as it is (the rules main's schema and the write form
 * apply), in fixed words; null when it can. Surrounding spaces or line breaks are refused rather than
 * trimmed or kept silently (the form asks; a file cannot): a quoted value keeps them in a .env file.
 * A multi-line value (a PEM) may end with a line break, as such files do.
 */
function valueRuleProblem(entry: EnvEntry): string | null {
  const text = entry.value.reveal();
  if (typeof text !== 'string' || text === '') return null;
  const problem = secretValueProblem(text);
  if (problem !== null) return problem;
  // A multi-line value (a PEM) may end with one line break, as such files do.
  const body = isMultiLine(text) ? text.replace(/\r?\n$/, '') : text;
  if (edgeWhitespace(text).leading || /\s$/.test(body)) {
    return 'The value starts or ends with a space, tab or line break (kept because it is in quotes), which is never part of a key. Remove them in the file, then open it again.';
  }
  return null;
}

/**
 * The entries that count: when keys that name the same secret differ only in case
 * (`OPENAI_API_KEY` and `openai_api_key`), the last assignment wins, as for a key assigned twice,
 * and the earlier ones are listed as its overridden lines. dotenv keeps them as two keys; written
 * both, the earlier value would be stored and the later one skipped, or the two would race.
 */
function lastPerSecret(entries: readonly EnvEntry[]): EnvEntry[] {
  const nameOf = (entry: EnvEntry): string => catalogEntryForKey(entry.key)?.secretName ?? entry.key.toLowerCase();
  const last = new Map<string, EnvEntry>();
  for (const entry of entries) {
    const before = last.get(nameOf(entry));
    if (before === undefined || before.line <= entry.line) last.set(nameOf(entry), entry);
  }
  const overridden = new Map<EnvEntry, number[]>();
  for (const entry of entries) {
    const kept = last.get(nameOf(entry)) as EnvEntry;
    if (kept === entry) continue;
    overridden.set(kept, [...(overridden.get(kept) ?? []), entry.line, ...entry.overriddenLines]);
  }
  return entries
    .filter((entry) => last.get(nameOf(entry)) === entry)
    .map((entry) => {
      const more = overridden.get(entry);
      return more ? { ...entry, overriddenLines: [...entry.overriddenLines, ...more].sort((a, b) => a - b) } : entry;
    });
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
  for (const entry of lastPerSecret(record.parsed.entries)) {
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
    const ruleProblem = entry.problem === undefined && !entry.empty ? valueRuleProblem(entry) : null;
    const blank = ruleProblem !== null && isBlank(String(entry.value.reveal()));
    const warning = entry.problem !== undefined
      ? ENV_PROBLEMS[entry.problem]
      : ruleProblem !== null
        ? ruleProblem
        : found.scheduled
      ? 'Scheduled for deletion: restore it first, or the write will be refused.'
      : catalog
        ? formatWarning(catalog, entry)
        : undefined;
    const plan: ImportPlan = entry.problem !== undefined || (ruleProblem !== null && !blank)
      ? 'skip-malformed'
      : skip.has(entry.key)
      ? 'skip-chosen'
      : entry.empty || blank
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
