/** `foundry-secrets doctor --help`. */
export function doctorHelp(defaultDataDir: string): string {
  return `Diagnose a backend of Foundry Secrets and print one report you can copy into a ticket: the
endpoint and its latency, LocalStack's health (version, edition, Secrets Manager's state, a missing
or invalid auth token), the STS identity, the region, clock skew, where the credentials come from
and when they expire, and optionally where the app looks for one secret and what nearly matches.
Nothing in it comes from a secret value; no key, token or credential is printed.

USAGE
  foundry-secrets doctor [--profile ID | --endpoint URL] [flags]

BACKEND (one; default: the app's active profile)
  --profile ID           A profile of the app, from its data folder
  --endpoint URL         A Secrets Manager endpoint (LocalStack, a served vault); credentials from
                         AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else LocalStack's test/test
  --data DIR             The app's data folder (default: ${defaultDataDir})

FLAGS
  --env ENV              dev, staging or prod, with --endpoint (default dev); a profile has its own
  --region REGION        With --endpoint (default AWS_REGION, else us-east-1)
  --secret ORG/DOMAIN/NAME
                         Also look for this secret (ORG/NAME means the org's shared domain): the
                         exact id, whether it exists or is scheduled for deletion, and near misses
                         (another env or domain, the shared fallback, letter case, a one-letter typo)
  --json                 Print the report as one JSON document
  --allow-http           Allow an http:// endpoint on another machine (--endpoint or the profile's):
                         the signed requests, and AWS_SESSION_TOKEN, then travel unencrypted
  -h, --help             Show this help

EXIT CODES
  0  Healthy: no check failed (warnings allowed)
  1  Not healthy: a check failed (or the run was interrupted)
  2  Bad usage or input (an unknown flag, a malformed --secret, no such profile)

EXAMPLES
  # The app's active profile
  $ foundry-secrets doctor

  # LocalStack from docker compose, and why the app does not see a key
  $ foundry-secrets doctor --endpoint http://localhost:4566 --secret acme/billing/openai_api_key

  # A profile, for a script
  $ foundry-secrets doctor --profile prod-aws --json | jq '.checks[] | select(.status == "fail")'
`;
}
