/**
 * Secret ids: `agentfoundry/{env}/{org_id}/{domain_id}/{secret_name}`.
 *
 * The id is the only thing that keeps one organization's secrets apart from another's (IAM policies
 * and ListSecrets prefix filters are written against it), so each segment is held to a small,
 * strict alphabet: no input can contain a separator, climb out with `..`, or pass for another org
 * with a look-alike letter. One rule function (`nameSegmentProblem`) backs the zod schemas
 * (naming.ts), the builder and the parser, so they cannot disagree.
 *
 * No zod here: the window's first screen shows and builds ids from these rules, and loads no zod
 * (tests/build/bundle-size.test.ts).
 */
import { AppError } from './errors';

export const SECRET_ID_PREFIX = 'agentfoundry/' as const;
export const DEFAULT_DOMAIN_ID = 'shared' as const;
export const ENVS = ['dev', 'staging', 'prod'] as const;
export type Env = (typeof ENVS)[number];

/** AWS accepts 512 on input but returns names limited to 256; the safe bound is 256. */
export const MAX_SECRET_ID_LENGTH = 256;
export const SEGMENT_MAX_LENGTH = { orgId: 64, domainId: 64, secretName: 128 } as const;

export type IdSegment = keyof typeof SEGMENT_MAX_LENGTH;
export type NameSegment = 'env' | IdSegment;

const SEGMENT_LABEL: Readonly<Record<NameSegment, string>> = {
  env: 'environment',
  orgId: 'organization id',
  domainId: 'domain id',
  secretName: 'secret name',
};

/** The alphabet as a JSON-Schema pattern (documentation; `nameSegmentProblem` is the enforcement). */
export const SEGMENT_PATTERN = '^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$';

/**
 * AWS appends `-` + six random characters to every secret ARN. A name that already ends that way
 * is taken for a complete ARN when looked up by partial ARN, and the lookup fails. AWS documents
 * the rule as "a hyphen followed by six characters", so any six of our characters count.
 */
const ARN_SUFFIX_LOOKALIKE = /-[a-z0-9_-]{6}$/;

/**
 * The first rule `value` breaks as a `<segment>`, or null when it is valid. The text states the
 * rule only; it never quotes the value (the caller may be holding a mistyped secret).
 */
export function nameSegmentProblem(segment: NameSegment, value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (segment === 'env') return (ENVS as readonly string[]).includes(value) ? null : `must be one of ${ENVS.join(', ')}`;
  if (value.length === 0) return 'must not be empty';
  const max = SEGMENT_MAX_LENGTH[segment];
  if (value.length > max) return `must be at most ${max} characters`;
  // Checked before the alphabet so the message explains look-alikes (Cyrillic "а", full-width
  // "ａ", NFKC-foldable forms): any code point outside ASCII is refused outright, never normalised.
  if (/[\u0080-\uffff]/.test(value)) {
    return 'must use only plain ASCII characters; letters from other alphabets, accents and full-width forms are refused because they can look like a–z';
  }
  if (/\s/.test(value)) return 'must not contain spaces or other whitespace';
  if (value.includes('/')) return 'must not contain "/" (it separates the parts of the secret id)';
  if (/[A-Z]/.test(value)) return 'must be lower-case';
  if (/[^a-z0-9_-]/.test(value)) return 'may contain only lower-case letters a–z, digits 0–9, "-" and "_"';
  if (!/^[a-z0-9]/.test(value)) return 'must start with a letter or digit';
  if (!/[a-z0-9]$/.test(value)) return 'must end with a letter or digit';
  if (segment === 'secretName' && ARN_SUFFIX_LOOKALIKE.test(value)) {
    return 'must not end with "-" followed by six characters: AWS adds "-" and six random characters to every secret ARN, so such a name is mistaken for a full ARN (rename it, e.g. replace that "-" with "_")';
  }
  return null;
}

/** The rule as a sentence the UI can show under an input. */
export function describeNameRule(segment: NameSegment): string {
  if (segment === 'env') return `One of ${ENVS.join(', ')}.`;
  const base = `Lower-case letters a–z, digits 0–9, "-" and "_"; starts and ends with a letter or digit; up to ${SEGMENT_MAX_LENGTH[segment]} characters.`;
  if (segment === 'secretName') {
    return `${base} Must not end with "-" plus six characters (AWS reserves that ending for the ARN suffix).`;
  }
  return base;
}

export interface SecretIdParts {
  readonly env: Env;
  readonly orgId: string;
  /** Defaults to `shared`, the org-wide domain every other domain falls back to. */
  readonly domainId?: string | undefined;
  readonly secretName: string;
}

export interface ParsedSecretId {
  readonly secretId: string;
  readonly env: Env;
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
}

function assertSegment(segment: NameSegment, value: unknown): void {
  const problem = nameSegmentProblem(segment, value);
  if (problem === null) return;
  // The rejected text itself is not repeated: whatever was typed into a name field could be a pasted key.
  throw new AppError('VALIDATION', `Invalid ${SEGMENT_LABEL[segment]}: it ${problem}.`, { field: segment, rule: describeNameRule(segment) });
}

/** `agentfoundry/{env}/` — the ListSecrets name-prefix filter for everything in one env. */
export function envPrefix(env: Env): string {
  assertSegment('env', env);
  return `${SECRET_ID_PREFIX}${env}/`;
}

/** `agentfoundry/{env}/{org}/` — ends with `/`, so org `acme` never matches `acme-corp`. */
export function orgPrefix(env: Env, orgId: string): string {
  const prefix = envPrefix(env);
  assertSegment('orgId', orgId);
  return `${prefix}${orgId}/`;
}

/** `agentfoundry/{env}/{org}/{domain}/` — the prefix of one domain's secrets. */
export function domainPrefix(env: Env, orgId: string, domainId: string): string {
  const prefix = orgPrefix(env, orgId);
  assertSegment('domainId', domainId);
  return `${prefix}${domainId}/`;
}

/** Builds the id, or throws AppError VALIDATION naming the bad segment and its rule. */
export function buildSecretId(ref: SecretIdParts): string {
  const domainId = ref.domainId ?? DEFAULT_DOMAIN_ID;
  const prefix = domainPrefix(ref.env, ref.orgId, domainId);
  assertSegment('secretName', ref.secretName);
  const id = `${prefix}${ref.secretName}`;
  if (id.length > MAX_SECRET_ID_LENGTH) {
    throw new AppError(
      'VALIDATION',
      `The secret id would be ${id.length} characters long; AWS allows at most ${MAX_SECRET_ID_LENGTH}. Use a shorter organization id, domain id or secret name.`,
      { field: 'secretId' },
    );
  }
  return id;
}

/**
 * The length of the longest id these segments can produce in any env. A ref that fits in the
 * longest env fits in all of them, so a secret can be copied from dev to staging unchanged.
 */
export function longestSecretIdLength(orgId: string, domainId: string, secretName: string): number {
  const longestEnv = Math.max(...ENVS.map((e) => e.length));
  return SECRET_ID_PREFIX.length + longestEnv + orgId.length + domainId.length + secretName.length + 3;
}

/**
 * Reads an id back into its parts. A name that is not exactly one of ours (another app's secret,
 * a malformed or hand-made name) is foreign: null, never an error, so listing can skip it.
 */
export function parseSecretId(name: unknown): ParsedSecretId | null {
  if (typeof name !== 'string' || name.length > MAX_SECRET_ID_LENGTH || !name.startsWith(SECRET_ID_PREFIX)) return null;
  const parts = name.slice(SECRET_ID_PREFIX.length).split('/');
  if (parts.length !== 4) return null;
  const [env, orgId, domainId, secretName] = parts as [string, string, string, string];
  if (
    nameSegmentProblem('env', env) !== null ||
    nameSegmentProblem('orgId', orgId) !== null ||
    nameSegmentProblem('domainId', domainId) !== null ||
    nameSegmentProblem('secretName', secretName) !== null
  ) {
    return null;
  }
  return { secretId: name, env: env as Env, orgId, domainId, secretName };
}
