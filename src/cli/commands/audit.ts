/**
 * `foundry-secrets audit verify` and `audit export [--out FILE] [--json]`: the audit log of a data
 * folder, verified (its hash chain and MACs) or exported exactly as the app's Export does — the
 * entries hold who, what, which secret and how it ended: status only, never a value.
 */
import path from 'node:path';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { wantsHelp } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const AUDIT_SUMMARY = 'Verify the audit log (exit 1 when tampered) or export it';

const FLAGS = {
  data: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets audit --help';

function help(defaultDataDir: string): string {
  return `Check or export the audit log of a data folder (the app's, or one the CLI wrote to with
--embedded --data DIR or --data DIR). Entries record who changed which secret and how it ended —
never a value.

USAGE
  foundry-secrets audit verify [--data DIR] [--json]
  foundry-secrets audit export [--data DIR] [--out FILE] [--json]

SUBCOMMANDS
  verify             Check every entry: its hash chain, its MAC under the audit key, the order, and
                     that the log ends where it last recorded. Problems are named by file and line.
  export             The app's export: CSV (default) or, with --json, its JSON document. To FILE
                     with --out, else to stdout. Recorded in the log itself (audit.export).

FLAGS
  --data DIR         The data folder holding audit/ (default: ${defaultDataDir}). The audit key
                     is opened with FOUNDRY_VAULT_KEY, else DIR/vault/vault.key.
  --out FILE         export: write to FILE instead of stdout
  --json             verify: the verification as JSON. export: the JSON format (with --out, the
                     summary { saved, path, count } on stdout is JSON too).
  -h, --help         Show this help

EXIT CODES
  0  verify: the log is intact. export: exported.
  1  verify: the log was changed, cut, broken or removed (where is printed; a log whose key records
     remain but whose entries or folder are gone is removed, not empty). Or it could not be read.
  2  Bad usage or input (no audit folder in DIR)

EXAMPLES
  $ foundry-secrets audit verify --data ./foundry-data
  $ foundry-secrets audit export --data ./foundry-data --out audit.csv
  $ foundry-secrets audit export --data ./foundry-data --json | jq '.entries | length'
`;
}

export async function runAudit(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help(defaultUserDataDir(io.env)));
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  const [sub, ...extra] = positionals;
  if (sub !== 'verify' && sub !== 'export') throw usageError('audit needs a subcommand: verify or export', HINT);
  if (extra.length > 0) throw usageError(`audit ${sub} takes flags only (unexpected argument)`, HINT);
  if (sub === 'verify' && values.out !== undefined) throw usageError('--out goes with audit export', HINT);
  const dataDir = path.resolve(values.data ?? defaultUserDataDir(io.env));
  const { verifyAudit, exportAudit } = await import('./audit-run');
  if (sub === 'verify') return verifyAudit({ dataDir, json: values.json ?? false }, io);
  return exportAudit({ dataDir, json: values.json ?? false, ...(values.out !== undefined && { out: path.resolve(values.out) }) }, io);
}
