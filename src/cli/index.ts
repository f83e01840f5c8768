/**
 * `foundry-secrets`: the command line of Foundry Secrets. It shares main's modules (naming, the
 * secrets service, the import job, the vault, the audit log) and never imports Electron or the
 * renderer. Dispatches to a command and turns its outcome into an exit code: results on stdout,
 * everything else on stderr.
 */
import { readFileSync } from 'node:fs';
import { EXIT, formatFailure, toCliError, usageError, wantsJson, type ExitCode } from './errors';
import { topLevelHelp, type CommandSummary } from './help';
import { processIo, type CliIo } from './io';
import { IAM_SUMMARY, runIam } from './commands/iam';
import { DOCTOR_SUMMARY, runDoctor } from './commands/doctor';
import { MIGRATE_SUMMARY, runMigrate } from './commands/migrate';
import { STATUS_SUMMARY, runStatus } from './commands/status';
import { PUT_SUMMARY, runPut } from './commands/put';
import { RM_SUMMARY, runRm } from './commands/rm';
import { RESTORE_SUMMARY, runRestore } from './commands/restore';
import { FLEET_SUMMARY, runFleet } from './commands/fleet';
import { AUDIT_SUMMARY, runAudit } from './commands/audit';
import { VAULT_SUMMARY, runVault } from './commands/vault';
import { SEED_FAKE_SUMMARY, runSeedFake } from './commands/seed-fake';
import { VERIFY_SUMMARY, runVerify } from './commands/verify';

interface Command extends CommandSummary {
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}

const COMMANDS: readonly Command[] = [
  { name: 'migrate', summary: MIGRATE_SUMMARY, run: runMigrate },
  { name: 'iam', summary: IAM_SUMMARY, run: runIam },
  { name: 'doctor', summary: DOCTOR_SUMMARY, run: runDoctor },
  { name: 'status', summary: STATUS_SUMMARY, run: runStatus },
  { name: 'put', summary: PUT_SUMMARY, run: runPut },
  { name: 'rm', summary: RM_SUMMARY, run: runRm },
  { name: 'restore', summary: RESTORE_SUMMARY, run: runRestore },
  { name: 'fleet', summary: FLEET_SUMMARY, run: runFleet },
  { name: 'audit', summary: AUDIT_SUMMARY, run: runAudit },
  { name: 'vault', summary: VAULT_SUMMARY, run: runVault },
  { name: 'seed-fake', summary: SEED_FAKE_SUMMARY, run: runSeedFake },
  { name: 'verify', summary: VERIFY_SUMMARY, run: runVerify },
];

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  // The name is not echoed unless it looks like one: it could be anything pasted.
  const shown = /^[a-z][a-z-]{0,31}$/.test(name) ? ` "${name}"` : '';
  if (!command) throw usageError(`unknown command${shown} for "foundry-secrets"`, 'Run foundry-secrets --help for the commands.');
  return command;
}

async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(topLevelHelp(COMMANDS));
    return EXIT.ok;
  }
  if (first === '--version') {
    io.stdout.write(`foundry-secrets ${version()}\n`);
    return EXIT.ok;
  }
  // `help <command>` as gh has it; `<command> help` as the AWS CLI has it.
  if (first === 'help') return rest[0] === undefined ? main([], io) : findCommand(rest[0]).run(['--help'], io);
  if (rest.length === 1 && rest[0] === 'help') return findCommand(first).run(['--help'], io);
  if (first.startsWith('-')) throw usageError(`a command comes first, before ${/^--?[\w-]+$/.test(first) ? first : 'any flag'}`, 'Run foundry-secrets --help for the commands.');
  return findCommand(first).run(rest, io);
}

async function runFromProcess(): Promise<void> {
  // A reader that went away (`… | head`) is not a failure of the command: stop writing, quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const io = processIo();
  let code: ExitCode;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (error) {
    const failure = toCliError(error);
    io.stderr.write(formatFailure(failure, wantsJson(process.argv.slice(2))));
    code = failure.exitCode;
  }
  process.exitCode = code;
  // Interrupted, the command has settled and reported what it stopped; what it abandoned may still
  // hold the process open (the SDK sleeps up to 20 s between throttled retries of a request it no
  // longer waits for, and nothing can cancel that sleep). End once stdout and stderr are flushed.
  if (io.interrupted()) {
    await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
    process.exit(code);
  }
}

await runFromProcess();
