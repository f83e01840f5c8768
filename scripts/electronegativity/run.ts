/**
 * Runs Electronegativity 1.10.3 in this process, offline, and returns its findings typed.
 *
 * Why not its CLI: it exits 0 whatever it finds, and with an output file it drops the list of
 * files it could not parse (they would pass unchecked). Its library entry returns both.
 * Offline: the tool fetches translations with `got` on every start and, in one check
 * (AvailableSecurityFixesGlobalCheck), Electron's release list. That check is left out (it judges
 * the Electron version, which package.json pins) and `got` is replaced, for the tool only, by a
 * stand-in that answers 404 without opening a socket — the tool then uses its bundled English.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import type { Finding } from './allow-list';

const require = createRequire(import.meta.url);

const ToolIssueSchema = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.string() }),
  confidence: z.object({ name: z.string() }),
  manualReview: z.boolean().optional(),
});

const ToolResultSchema = z.object({
  atomicChecks: z.number(),
  globalChecks: z.number(),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(ToolIssueSchema),
});

export interface ToolRun {
  readonly findings: Finding[];
  /** Files the tool could not parse: they were not checked. */
  readonly unparsed: { file: string; message: string }[];
  readonly checks: number;
}

/** The one check that needs the network (it downloads Electron's release list). */
export const NETWORK_CHECK = 'AvailableSecurityFixesGlobalCheck';

function offlineGot(toolRequire: NodeJS.Require): void {
  const gotPath = toolRequire.resolve('got');
  const answer = () => Promise.resolve({ statusCode: 404, body: '' });
  // A CommonJS module found in require.cache is used as it is: the tool gets this, not got.
  toolRequire.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: answer } as unknown as NodeModule;
}

/** The Electron version the app is built with (checks that depend on defaults use it). */
export function electronVersion(): string {
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')));
  return pkg.version;
}

export async function runElectronegativity(input: string, relativeTo: string): Promise<ToolRun> {
  const runnerPath = require.resolve('@doyensec/electronegativity');
  const toolRequire = createRequire(runnerPath);
  offlineGot(toolRequire);
  // Its i18n takes the locale from LANG; the bundled locales are en-US, es-ES and fr-FR.
  process.env['LANG'] = 'en-US';
  const loaded: unknown = toolRequire(runnerPath);
  if (typeof loaded !== 'function') throw new Error(`${runnerPath} no longer exports the run function; check the installed Electronegativity version.`);
  const run = loaded as (options: Record<string, unknown>, forCli: boolean) => Promise<unknown>;
  const result = ToolResultSchema.parse(
    await run(
      {
        input: path.resolve(input),
        isRelative: false,
        customScan: [],
        excludeFromScan: [NETWORK_CHECK.toLowerCase()],
        electronVersionOverride: electronVersion(),
        parserPlugins: [],
      },
      false,
    ),
  );
  // Global checks report "N/A" for a file; a file outside the repository keeps its absolute path.
  const relative = (file: string) => {
    if (!path.isAbsolute(file)) return file;
    const inside = path.relative(relativeTo, file);
    return inside.startsWith('..') ? file : inside.split(path.sep).join('/');
  };
  return {
    checks: result.atomicChecks + result.globalChecks,
    unparsed: result.errors.filter((e) => !e.tolerable).map((e) => ({ file: relative(e.file), message: e.message })),
    findings: result.issues.map((issue) => ({
      check: issue.id,
      file: relative(issue.file),
      line: issue.location.line,
      column: issue.location.column,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview ?? false,
    })),
  };
}
