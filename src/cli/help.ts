/** `foundry-secrets --help`: the commands, and where to learn more (the layout of gh's help). */
export interface CommandSummary {
  readonly name: string;
  readonly summary: string;
}

export function topLevelHelp(commands: readonly CommandSummary[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Manage organization-scoped API keys in AWS Secrets Manager, LocalStack or the embedded vault —
blind: values go in, and no output ever shows one (nor its length or a hash of it).

USAGE
  foundry-secrets <command> [flags]

COMMANDS
${commands.map((command) => `  ${command.name.padEnd(width)}   ${command.summary}`).join('\n')}

FLAGS
  -h, --help   Show help for foundry-secrets, or for a command
  --version    Show the version

EXIT CODES
  0  Everything went as planned
  1  Some item failed or was cancelled (Ctrl+C), or the backend could not be used
  2  Bad usage or input (nothing was done)

ERRORS
  On stderr. With --json, one line {"error":{"code","message","hint"}} (code: USAGE, FAILED,
  CANCELLED, CLEARTEXT_HTTP_REFUSED, or the app's code such as NOT_FOUND), same exit code.

LEARN MORE
  foundry-secrets <command> --help    (or: foundry-secrets help <command>)
`;
}
