/**
 * Fleets for the fleet bench and tests: org ids, secret names, and a fast way to put them in a
 * vault. Deterministic (seeded), so runs can be compared.
 */
import { CreateSecretCommand, DeleteSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { seededRandom } from './latency-proxy';

/** How often an English dictionary word starts with each letter (per mille, roughly). */
const INITIALS: readonly [string, number][] = [
  ['s', 110], ['c', 94], ['p', 77], ['r', 59], ['b', 58], ['a', 57], ['m', 55], ['t', 55], ['d', 60], ['f', 41], ['e', 40], ['i', 39], ['h', 36],
  ['g', 33], ['l', 30], ['w', 27], ['o', 25], ['u', 23], ['n', 23], ['v', 15], ['k', 10], ['j', 9], ['q', 5], ['y', 4], ['z', 3], ['x', 1],
];
const SYLLABLES = ['ar', 'en', 'io', 'ka', 'lo', 'mi', 'no', 'ra', 'si', 'ta', 'ven', 'tor', 'lex', 'dyn', 'qua', 'bel', 'cor', 'fin', 'gen', 'hub'];
const SUFFIXES = ['', '', '', '-labs', '-inc', '-corp', '-ai', '-cloud', '-io', '-group', '_eu', '_us'];

/** Secret names an org may have: the catalog's and a few custom ones. */
export const SECRET_NAMES = [
  'openai_api_key',
  'anthropic_api_key',
  'google_api_key',
  'mistral_api_key',
  'slack_bot_token',
  'github_token',
  'stripe_api_key',
  'datadog_api_key',
  'sentry_dsn',
  'pinecone_api_key',
  'custom_webhook_key',
  'crm_api_token',
];
export const DOMAINS = ['shared', 'cards', 'support', 'billing'];

export type FleetShape = 'natural' | 'uniform' | 'skewed';

/**
 * `count` distinct org ids:
 *  - natural: company-like slugs whose first letters follow English words (s, c, p common; x rare),
 *    with a few that start with a digit;
 *  - uniform: random [a-z0-9]{8};
 *  - skewed: `org-0001`, `org-0002`, … (every id shares its first four characters).
 */
export function orgIds(shape: FleetShape, count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ids = new Set<string>();
  if (shape === 'skewed') {
    for (let index = 1; index <= count; index += 1) ids.add(`org-${String(index).padStart(4, '0')}`);
    return [...ids];
  }
  const total = INITIALS.reduce((sum, [, weight]) => sum + weight, 0);
  while (ids.size < count) {
    if (shape === 'uniform') {
      ids.add(Array.from({ length: 8 }, () => pick([...'abcdefghijklmnopqrstuvwxyz0123456789'])).join(''));
      continue;
    }
    let initial = 'a';
    if (random() < 0.03) initial = String(Math.floor(random() * 10));
    else {
      let roll = random() * total;
      for (const [letter, weight] of INITIALS) {
        roll -= weight;
        if (roll < 0) {
          initial = letter;
          break;
        }
      }
    }
    const body = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join('');
    ids.add(`${initial}${body}${pick(SUFFIXES)}`);
  }
  return [...ids];
}

export interface FleetSecretSpec {
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
  readonly name: string;
}

/** Between `min` and `max` secrets per org (mostly in `shared`, some in other domains), in a random org order. */
export function fleetSecrets(env: string, orgs: readonly string[], min: number, max: number, seed = 11): FleetSecretSpec[] {
  const random = seededRandom(seed);
  const out: FleetSecretSpec[] = [];
  const shuffled = [...orgs].sort(() => random() - 0.5);
  for (const orgId of shuffled) {
    const count = min + Math.floor(random() * (max - min + 1));
    for (let index = 0; index < count; index += 1) {
      const secretName = SECRET_NAMES[index % SECRET_NAMES.length] as string;
      const domainId = index < 6 ? 'shared' : (DOMAINS[1 + (index % (DOMAINS.length - 1))] as string);
      out.push({ orgId, domainId, secretName, name: `agentfoundry/${env}/${orgId}/${domainId}/${secretName}` });
    }
  }
  return out;
}

/** Names no listing of the app may report: other envs, other apps, upper case, malformed. */
export function foreignNames(count: number): string[] {
  const templates = [
    (i: number) => `agentfoundry/staging/org${i}/shared/openai_api_key`,
    (i: number) => `agentfoundry/prod/org${i}/shared/openai_api_key`,
    (i: number) => `otherapp/dev/org${i}/shared/key`,
    (i: number) => `agentfoundry/dev/Org${i}/shared/openai_api_key`,
    (i: number) => `agentfoundry/dev/org${i}/shared/Key`,
    (i: number) => `agentfoundry/dev/org${i}/shared`,
    (i: number) => `agentfoundry/dev/org${i}/shared/key/extra`,
    (i: number) => `agentfoundry/dev/org${i}_/shared/key`,
    (i: number) => `agentfoundry/dev/-org${i}/shared/key`,
    (i: number) => `agentfoundry/dev/org.${i}/shared/key`,
    (i: number) => `agentfoundry/devx/org${i}/shared/key`,
  ];
  return Array.from({ length: count }, (_, index) => (templates[index % templates.length] as (i: number) => string)(index));
}

/** Creates every name (a short fixed value; `scheduled` of them then scheduled for deletion), `parallel` at a time. */
export async function seed(client: SecretsManagerClient, names: readonly string[], options: { parallel?: number; scheduled?: readonly string[] } = {}): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: options.parallel ?? 64 }, async () => {
      while (next < names.length) {
        const name = names[next] as string;
        next += 1;
        await client.send(new CreateSecretCommand({ Name: name, SecretString: 'fixture-value' }));
      }
    }),
  );
  for (const name of options.scheduled ?? []) await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
}
