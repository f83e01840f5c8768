/** `foundry-secrets migrate --help`. */
export function migrateHelp(defaultDataDir: string): string {
  return `Import the keys of a .env file into one organization's secrets — blind: no value, nor its
length or a hash of it, is ever printed. Without --yes it only previews.

USAGE
  foundry-secrets migrate <file|-> --org ORG [flags] (--profile ID | --embedded --data DIR | --endpoint URL)

ARGUMENTS
  <file>   The .env file (UTF-8 text, at most 1 MiB; dotenv syntax). "-" reads it from stdin.

TARGET FLAGS
  --org ORG          Organization id (required)
  --domain DOMAIN    Domain id (default: shared)
  --env ENV          dev, staging or prod (default: dev). With --profile the profile's env is
                     used, and a different --env is refused. Writing to prod needs --env prod
                     typed, as a confirmation (also with a prod --profile).
  --include-custom   Also import keys no catalog secret uses, as custom secrets named after the
                     key in lower case (keys whose name cannot be a secret name are skipped)
  --overwrite        Add a new version to secrets that exist already (default: leave them)

RUN FLAGS
  --yes              Write. Without it the command only previews.
  --dry-run          Only preview, even with --yes
  --json             Print one JSON document on stdout (for scripts)

BACKEND FLAGS (one of --profile, --embedded, --endpoint)
  --profile ID       A profile of the desktop app, read from its data folder (--data DIR, else
                     ${defaultDataDir}). Audited in that folder like the app.
  --embedded         The embedded vault of the data folder --data DIR (in DIR/vault; the key from
                     FOUNDRY_VAULT_KEY, else DIR/vault/vault.key). Audited in DIR/audit. A new
                     vault is created only in a folder the app does not use (no profiles.json);
                     a vault whose key is in the OS keychain opens only in the app.
  --endpoint URL     A Secrets Manager endpoint such as LocalStack (http://localhost:4566) or a
                     served vault (npm run vault). Credentials from AWS_ACCESS_KEY_ID and
                     AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), else test/test. No audit log
                     is written unless --data DIR is given (then in DIR/audit).
  --region REGION    Region for --endpoint (default: AWS_REGION, else us-east-1)
  --allow-http       Allow an http:// --endpoint on another machine: values then travel
                     unencrypted. Without it such an endpoint is refused (exit 2).
  --data DIR         The app's data folder: its profiles, its embedded vault and its audit log.
                     Refused while the app is running on it (one writer at a time).
  -h, --help         Show this help

OUTPUT
  One row per key: LINE, KEY, SECRET ID, STATE and WHY. STATE is planned or skipped in a
  preview; written, skipped, failed or cancelled after a run. Keys map to catalog secrets by
  their variable (OPENAI_API_KEY → openai_api_key); a key set twice counts once (the last line
  wins); lines that are not KEY=value, and lines whose key looks like key material (a pasted
  base64 or hex key), are reported apart, by number only, and never imported. With --json:
  { mode, source: { badLines, materialLines }, target, items[], counts, storedKeys,
  notImportedLines, jobId, auditDir, exitCode }. A progress bar is drawn on
  stderr when it is a terminal. Ctrl+C during a run stops starting new writes and
  settles those in flight within seconds; the report says exactly what was
  written (or what to check).

EXIT CODES
  0  Everything went as planned (a preview, or a run where no item failed)
  1  Some item failed or was cancelled, or the backend could not be used (unreachable, expired
     credentials, a vault open in another process)
  2  Bad usage or input: an unknown flag, a missing --org, a bad --env, a file that is binary,
     over 1 MiB or missing, a read-only profile with --yes. Nothing was written.

EXAMPLES
  # Preview, then write, into an embedded vault of your own
  $ foundry-secrets migrate .env --org acme --embedded --data ./foundry-data
  $ foundry-secrets migrate .env --org acme --embedded --data ./foundry-data --yes

  # From stdin into LocalStack, staging, custom keys included, as JSON
  $ foundry-secrets migrate - --org acme --env staging --include-custom --endpoint http://localhost:4566 --yes --json < .env

  # Through one of the app's profiles (its env decides; prod must be typed to write)
  $ foundry-secrets migrate .env --org acme --domain billing --profile aws-prod --env prod --overwrite --yes
`;
}
