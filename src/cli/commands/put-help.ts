/** `foundry-secrets put --help`. */
import { backendHelp } from '../common-flags';
import { defaultUserDataDir } from '../app-data';

export function putHelp(): string {
  return `Store one secret value — blind: the value is read from stdin (a pipe or a file) or typed at a
hidden prompt, never taken from the command line, and no output shows it, its length or a hash.

USAGE
  printf %s "$KEY" | foundry-secrets put ORG/NAME [--domain DOMAIN] [flags] (backend flags)
  foundry-secrets put ORG/DOMAIN/NAME [flags]      (in a terminal: asks for the value, typing hidden)

ARGUMENTS
  ORG/NAME          The organization and the secret name (a catalog name such as openai_api_key,
                    or a custom one). ORG/DOMAIN/NAME names the domain too (default: shared).

FLAGS
  --domain DOMAIN   Domain id (default: shared)
  --whitespace W    keep or trim. Needed when the value starts or ends with a space, tab or line
                    break: the app never trims silently. \`echo\` adds a line break at the end, so
                    pipe with \`printf %s\`, or add --whitespace trim.
  --mode MODE       single-line (default), multi-line, or json (the value must parse as JSON)

A value given as an argument or with --value is refused (exit 2) and not repeated: arguments
stay in shell history and are visible to every process on the machine.

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  The secret's status: "Created agentfoundry/dev/acme/shared/openai_api_key: configured (…)".
  With --json: { secretId, created, status, auditDir }. Audited like the app's writes (secret.write,
  or secret.rotate for a new version) when a data folder is used.

EXIT CODES
  0  Stored
  1  The backend refused or could not be reached (scheduled for deletion, access denied, …),
     or Ctrl+C at the prompt cancelled it (nothing written)
  2  Bad usage or input: a value in argv, an empty or blank value, whitespace at the ends without
     --whitespace, a value over 65,536 bytes, invalid JSON with --mode json. Nothing was written.

EXAMPLES
  $ printf %s "$OPENAI_API_KEY" | foundry-secrets put acme/openai_api_key --embedded --data ./foundry-data
  $ foundry-secrets put acme/card-services/anthropic_api_key --profile localstack
  $ foundry-secrets put acme/gcp_service_account --mode json --whitespace trim --endpoint http://localhost:4566 < sa.json
`;
}
