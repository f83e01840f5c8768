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
  1  Some item failed, or the backend could not be used
  2  Bad usage or input (nothing was done)

LEARN MORE
  foundry-secrets <command> --help    (or: foundry-secrets help <command>)
`;
}
