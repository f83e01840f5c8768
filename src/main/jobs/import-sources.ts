/**
 * The `.env` sources main holds for imports: a file picked in a native dialog (in the browser
 * host: the newest file under <data>/imports/), or the app's own environment. The window gets a
 * handle, the file's base name, how many keys, which line numbers are not assignments and which
 * were hidden as key material; the values stay here until the source is forgotten (or the app
 * closes), and expire after an hour.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CATALOG } from '../../shared/catalog';
import { AppError } from '../../shared/errors';
import type { ImportSource, OpenImportSourceInput, OpenImportSourceResult } from '../../shared/jobs';
import { SecretValue } from '../../shared/secret-value';
import type { ChooseOpenPath } from '../secrets/value-files';
import { readEnvFile, type EnvEntry, type ParsedEnv } from './env-file';

export interface ImportSourceRecord {
  readonly sourceId: string;
  readonly kind: 'file' | 'environment';
  readonly name: string;
  readonly parsed: ParsedEnv;
  readonly openedAt: number;
}

export interface ImportSources {
  open(input: OpenImportSourceInput): Promise<OpenImportSourceResult>;
  /** A source opened outside the window (the CLI: a file or stdin already parsed). */
  adopt(kind: 'file' | 'environment', name: string, parsed: ParsedEnv): ImportSourceRecord;
  get(sourceId: string): ImportSourceRecord;
  forget(sourceId: string): boolean;
  clear(): void;
}

export const IMPORT_SOURCE_TTL_MS = 60 * 60_000;
const MAX_SOURCES = 16;

/** The catalog's variables found in `env` (the seed's migrate_secrets.py list), as a parsed source. */
export function environmentSource(env: NodeJS.ProcessEnv): ParsedEnv {
  const entries: EnvEntry[] = [];
  for (const entry of CATALOG) {
    const value = entry.envVar === undefined ? undefined : env[entry.envVar];
    if (entry.envVar === undefined || value === undefined) continue;
    entries.push({ key: entry.envVar, value: new SecretValue(value), empty: value === '', line: 0, overriddenLines: [] });
  }
  return { entries, badLines: [], materialLines: [] };
}

/** A file name as the window may show it: no control characters, bounded. */
function displayName(name: string): string {
  return name.replace(/\p{Cc}/gu, '\uFFFD').slice(0, 256) || 'file';
}

export function describeSource(record: ImportSourceRecord): ImportSource {
  return { sourceId: record.sourceId, kind: record.kind, name: record.name, keys: record.parsed.entries.length, badLines: [...record.parsed.badLines], materialLines: [...record.parsed.materialLines] };
}

export function createImportSources(options: { readonly choose?: ChooseOpenPath; readonly env: NodeJS.ProcessEnv; readonly now?: () => number }): ImportSources {
  const now = options.now ?? Date.now;
  const sources = new Map<string, ImportSourceRecord>();

  function adopt(kind: 'file' | 'environment', name: string, parsed: ParsedEnv): ImportSourceRecord {
    for (const [id, record] of sources) if (now() - record.openedAt > IMPORT_SOURCE_TTL_MS) sources.delete(id);
    while (sources.size >= MAX_SOURCES) sources.delete(sources.keys().next().value as string);
    const record: ImportSourceRecord = { sourceId: randomUUID(), kind, name: displayName(name), parsed, openedAt: now() };
    sources.set(record.sourceId, record);
    return record;
  }

  return {
    async open(input) {
      if (input.kind === 'environment') return { opened: true, source: describeSource(adopt('environment', 'environment', environmentSource(options.env))) };
      if (!options.choose) throw new AppError('VALIDATION', 'This window cannot pick files. Use the command line: foundry-secrets migrate <file>.');
      const chosen = await options.choose();
      if (chosen === null) return { opened: false };
      const parsed = await readEnvFile(chosen);
      return { opened: true, source: describeSource(adopt('file', path.basename(chosen), parsed)) };
    },
    adopt,
    get(sourceId) {
      const record = sources.get(sourceId);
      if (!record || now() - record.openedAt > IMPORT_SOURCE_TTL_MS) {
        sources.delete(sourceId);
        throw new AppError('NOT_FOUND', 'That import source is no longer open (it expired after an hour, or the app restarted). Open the file again.');
      }
      return record;
    },
    forget: (sourceId) => sources.delete(sourceId),
    clear: () => sources.clear(),
  };
}
