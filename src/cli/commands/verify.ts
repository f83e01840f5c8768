/**
 * `foundry-secrets verify [--org ORG] [--domain D]`: key health, recorded blind. Run where reading
 * is allowed (an agent host, CI): reads each stored key that a provider can check, asks the
 * provider (the app's own key-check module), and tags the secret with the verdict and which version
 * it is about (id and creation date: metadata, never from the value). The app
 * shows the tags; it never reads a value. Parsing only here; the run is in verify-run.ts.
 */
import { KEY_CHECK_PROVIDERS, keyCheckBaseUrlSchema, keyCheckProviderIdSchema, type KeyCheckProviderId } from '../../shared/key-checks';
import { HEALTH_CHECKED_TAG_KEY, HEALTH_TAG_KEY, HEALTH_VERSION_TAG_KEY, VALUE_CHANGED_TAG_KEY } from '../../shared/key-health';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, segmentOf, wantsHelp } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const VERIFY_SUMMARY = 'Check stored keys with their providers and tag each secret with the verdict (never the value)';

const FLAGS = {
  ...BACKEND_FLAGS,
  org: { type: 'string' },
  domain: { type: 'string' },
  'provider-url': { type: 'string', multiple: true },
  'no-tag': { type: 'boolean' },
} as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets verify --help';

function help(): string {
  return `Check each stored key with its provider, where reading is allowed (an agent host, CI), and
record only the verdict and which version it is about, as four tags (none derived from the value):
  ${HEALTH_TAG_KEY}           valid | rejected | unverified
  ${HEALTH_CHECKED_TAG_KEY}   when it was checked (ISO 8601, UTC)
  ${HEALTH_VERSION_TAG_KEY}   the VersionId that was checked
  ${VALUE_CHANGED_TAG_KEY}    when that version was written (its CreatedDate, ISO 8601, UTC)
Tagging moves the secret's LastChangedDate, so the app counts "last changed" (stale keys, drift)
from ${VALUE_CHANGED_TAG_KEY} while that version is current, and shows the verdict as outdated
once another version is. The desktop app shows all this without reading any value.
Secrets no provider can check (custom ones, database URLs…) are skipped and not tagged.

USAGE
  foundry-secrets verify [--org ORG] [--domain DOMAIN] [flags] (backend flags)

FLAGS
  --org ORG                 Only this organization (default: every org of the env)
  --domain DOMAIN           Only this domain (default: all domains)
  --provider-url ID=URL     Where a provider is called (a proxy, your n8n or LiveKit server);
                            repeatable. Providers: ${KEY_CHECK_PROVIDERS.map((provider) => provider.id).join(', ')}.
                            The app's own settings (settings.json in --data DIR) apply first.
  --no-tag                  Check only: print the verdicts, write no tags. A read-only profile
                            always checks only. Tagging is a change: on prod it needs --env prod
                            typed, and with --data DIR each tagging is in the audit log.

${backendHelp(defaultUserDataDir(process.env))}
PERMISSIONS
  secretsmanager:ListSecrets, secretsmanager:GetSecretValue and secretsmanager:TagResource on
  agentfoundry/ENV/*. Run it with an agent's or CI's credentials, not the app's (the app cannot read).

OUTPUT
  One line per secret: VERDICT (valid, rejected, unverified, skipped, failed), SECRET, PROVIDER and
  a fixed reason (an HTTP status, "timed out after 5 s"…). Never a value, its length or a hash, nor
  any text a provider answered. With --json, one document ("?": only when it applies):
    { env, backend, orgId?, domainId?, counts, results }
    counts: { valid, rejected, unverified, skipped, failed }
    results[]: { secretId, orgId, domainId, secretName, outcome, provider?, reason, tagged, checkedAt? }
  A result's checkedAt is when that key was checked (ISO 8601, UTC); a skipped secret, or one that
  could not be read or tagged, has none.

EXIT CODES
  0  Every checked key is valid (or there was nothing to check)
  1  A key was rejected or could not be verified, a secret could not be read or tagged, or the
     backend could not be used
  2  Bad usage or input

EXAMPLES
  $ foundry-secrets verify --endpoint https://secretsmanager.eu-west-1.amazonaws.com --env prod
  $ foundry-secrets verify --org acme --embedded --data ./foundry-data --json
  $ foundry-secrets verify --org acme --provider-url n8n=https://n8n.acme.example --profile staging
`;
}

/** `openai=https://proxy.example`: the id from the list, the URL by the app's own rule. */
function parseProviderUrls(given: readonly string[] | undefined): Partial<Record<KeyCheckProviderId, string>> {
  const urls: Partial<Record<KeyCheckProviderId, string>> = {};
  for (const entry of given ?? []) {
    const at = entry.indexOf('=');
    const id = keyCheckProviderIdSchema.safeParse(at === -1 ? '' : entry.slice(0, at));
    if (!id.success) throw usageError(`--provider-url takes ID=URL with ID one of ${KEY_CHECK_PROVIDERS.map((provider) => provider.id).join(', ')}`, HINT);
    const url = keyCheckBaseUrlSchema.safeParse(entry.slice(at + 1));
    // The URL is not repeated: a key goes there, and what was typed may not be what was meant.
    if (!url.success) throw usageError(`--provider-url for ${id.data} ${url.error.issues[0]?.message ?? 'is not allowed'}`, HINT);
    if (urls[id.data] !== undefined) throw usageError(`--provider-url for ${id.data} is given more than once`, HINT);
    urls[id.data] = url.data;
  }
  return urls;
}

export async function runVerify(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  if (positionals.length > 0) throw usageError('verify takes no arguments: name the organization with --org ORG', HINT);
  const orgId = values.org === undefined ? undefined : segmentOf('--org', 'orgId', values.org, HINT);
  const domainId = values.domain === undefined ? undefined : segmentOf('--domain', 'domainId', values.domain, HINT);
  const providerUrls = parseProviderUrls(values['provider-url']);
  const choice = backendChoice(values, io, HINT);
  const { verifyKeys } = await import('./verify-run');
  return verifyKeys({ backend: choice, json: values.json ?? false, tag: !(values['no-tag'] ?? false), providerUrls, ...(orgId !== undefined && { orgId }), ...(domainId !== undefined && { domainId }) }, io);
}
