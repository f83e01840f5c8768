/**
 * `foundry-secrets fleet [--csv|--json]`: the coverage of a whole env — every org and domain
 * against the catalog — from the app's sharded ListSecrets listing. `--csv` prints the very CSV the
 * app's "Export coverage" saves; `--json` a JSON array of rows; otherwise a compact table.
 */
import { DEFAULT_STALE_AFTER_DAYS } from '../../shared/fleet';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, wantsHelp } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const FLEET_SUMMARY = "Show the whole env's coverage: every org and domain against the catalog";

const FLAGS = { ...BACKEND_FLAGS, csv: { type: 'boolean' }, 'stale-days': { type: 'string' } } as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets fleet --help';

function help(): string {
  return `Show the coverage of a whole env: for every organization and domain, how many catalog secrets
apply (configured, or inherited from the org's shared domain), custom secrets, and the state of
each catalog secret. Listed with ListSecrets only (metadata, never a value).

USAGE
  foundry-secrets fleet [--csv | --json] [--stale-days N] (backend flags)

FLAGS
  --csv              The CSV of the app's "Export coverage" (org_id, domain_id, coverage,
                     custom_secrets, then one column per catalog secret)
  --stale-days N     A secret unchanged for longer is "stale" (default ${DEFAULT_STALE_AFTER_DAYS}, as in the app)

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  A table: ORG, DOMAIN, COVERAGE (covered/total), CUSTOM, MISSING, SCHEDULED, STALE. With --json:
  an array of { orgId, domainId, covered, total, customCount, cells: { <secret>: word } }. A
  progress line is drawn on stderr when it is a terminal.

EXIT CODES
  0  Listed
  1  The backend could not be used (the listing failed)
  2  Bad usage or input

EXAMPLES
  $ foundry-secrets fleet --embedded --data ./foundry-data
  $ foundry-secrets fleet --csv --env staging --endpoint http://localhost:4566 > coverage.csv
`;
}

export async function runFleet(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  if (positionals.length > 0) throw usageError('fleet takes flags only (unexpected argument)', HINT);
  if (values.csv && values.json) throw usageError('--csv and --json cannot be combined: choose one format', HINT);
  const staleText = values['stale-days'];
  const staleAfterDays = staleText === undefined ? DEFAULT_STALE_AFTER_DAYS : Number(staleText);
  if (staleText !== undefined && (!/^\d+$/.test(staleText) || staleAfterDays < 1 || staleAfterDays > 3650)) throw usageError('--stale-days must be a whole number from 1 to 3650', HINT);
  const choice = backendChoice(values, io, HINT);
  const { showFleet } = await import('./fleet-run');
  return showFleet({ backend: choice, format: values.csv ? 'csv' : values.json ? 'json' : 'table', staleAfterDays }, io);
}
