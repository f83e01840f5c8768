import {
  CreateSecretCommand,
  InvalidNextTokenException,
  ListSecretsCommand,
  type Filter,
  type ListSecretsCommandInput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORTS, clientFor, rejectionOf, startVault, type TestClock } from './helpers';

async function listAll(client: SecretsManagerClient, input: ListSecretsCommandInput): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretsCommand({ ...input, NextToken }));
    names.push(...(page.SecretList ?? []).map((secret) => secret.Name as string));
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

describe.each(TRANSPORTS)('ListSecrets over %s', (transport) => {
  describe('filters', () => {
    let client: SecretsManagerClient;
    const names = async (filters: Filter[]) => (await listAll(client, { Filters: filters })).sort();

    beforeAll(async () => {
      const { vault } = await startVault();
      client = await clientFor(vault, transport);
      await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/openai_api_key', Description: 'OpenAI key', Tags: [{ Key: 'Team', Value: 'Platform' }] }));
      await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/card/github_token', Description: 'GitHub token for cards', Tags: [{ Key: 'team', Value: 'cards' }] }));
      await client.send(new CreateSecretCommand({ Name: 'agentfoundry/prod/acme/shared/openai_api_key' }));
      await client.send(new CreateSecretCommand({ Name: '/rooted/secret', Description: 'Legacy' }));
    });

    it('name: prefix match, case-sensitive (not "contains")', async () => {
      expect(await names([{ Key: 'name', Values: ['agentfoundry/dev/'] }])).toEqual([
        'agentfoundry/dev/acme/card/github_token',
        'agentfoundry/dev/acme/shared/openai_api_key',
      ]);
      expect(await names([{ Key: 'name', Values: ['acme'] }])).toEqual([]);
      expect(await names([{ Key: 'name', Values: ['AgentFoundry'] }])).toEqual([]);
      expect(await names([{ Key: 'name', Values: ['/'] }])).toEqual(['/rooted/secret']);
    });

    it('! negates a value', async () => {
      expect(await names([{ Key: 'name', Values: ['!/'] }])).toHaveLength(3);
      expect(await names([{ Key: 'name', Values: ['!agentfoundry/'] }])).toEqual(['/rooted/secret']);
    });

    it('values in one filter are alternatives; filters combine', async () => {
      expect(await names([{ Key: 'name', Values: ['agentfoundry/prod/', '/'] }])).toEqual(['/rooted/secret', 'agentfoundry/prod/acme/shared/openai_api_key']);
      expect(await names([{ Key: 'name', Values: ['agentfoundry/'] }, { Key: 'description', Values: ['github'] }])).toEqual([
        'agentfoundry/dev/acme/card/github_token',
      ]);
    });

    it('description: prefix match, not case-sensitive', async () => {
      expect(await names([{ Key: 'description', Values: ['openai'] }])).toEqual(['agentfoundry/dev/acme/shared/openai_api_key']);
      expect(await names([{ Key: 'description', Values: ['key'] }])).toEqual([]);
    });

    it('tag-key and tag-value: prefix match, case-sensitive', async () => {
      expect(await names([{ Key: 'tag-key', Values: ['Te'] }])).toEqual(['agentfoundry/dev/acme/shared/openai_api_key']);
      expect(await names([{ Key: 'tag-value', Values: ['card'] }])).toEqual(['agentfoundry/dev/acme/card/github_token']);
      expect(await names([{ Key: 'tag-value', Values: ['platform'] }])).toEqual([]);
    });

    it('all: every word matches some attribute, not case-sensitive', async () => {
      expect(await names([{ Key: 'all', Values: ['LEGACY'] }])).toEqual(['/rooted/secret']);
      expect(await names([{ Key: 'all', Values: ['github cards'] }])).toEqual(['agentfoundry/dev/acme/card/github_token']);
      expect(await names([{ Key: 'all', Values: ['prod openai'] }])).toEqual(['agentfoundry/prod/acme/shared/openai_api_key']);
    });

    it.each([
      ['an unknown key', [{ Key: 'color' as Filter['Key'], Values: ['x'] }]],
      ['a value outside the documented pattern', [{ Key: 'name' as const, Values: ['a*b'] }]],
      ['eleven values', [{ Key: 'name' as const, Values: Array.from({ length: 11 }, () => 'a') }]],
    ])('rejects %s', async (_label, filters) => {
      expect((await rejectionOf(client.send(new ListSecretsCommand({ Filters: filters })))).name).toBe('ValidationException');
    });

    it('rejects MaxResults outside 1–100', async () => {
      for (const MaxResults of [0, 101]) {
        expect((await rejectionOf(client.send(new ListSecretsCommand({ MaxResults })))).name).toBe('ValidationException');
      }
    });
  });

  describe('pagination over 260 secrets', () => {
    let client: SecretsManagerClient;
    let clock: TestClock;
    const expected = Array.from({ length: 260 }, (_, i) => `agentfoundry/dev/org${String(i).padStart(3, '0')}/shared/key`);

    beforeAll(async () => {
      const started = await startVault();
      clock = started.clock;
      client = await clientFor(started.vault, transport);
      for (const name of expected) {
        clock.now += 1000;
        await client.send(new CreateSecretCommand({ Name: name }));
      }
    }, 120_000);

    it.each([7, 100])('returns each secret exactly once with MaxResults %i', async (MaxResults) => {
      const names = await listAll(client, { MaxResults });
      expect(names).toEqual(expected);
    });

    it('sorts by creation date, newest first with SortOrder desc', async () => {
      expect(await listAll(client, { MaxResults: 50, SortOrder: 'desc' })).toEqual([...expected].reverse());
    });

    it('pages a name filter in each order: SortBy name and creation date, ascending and descending, negation included', async () => {
      const org1 = expected.filter((name) => name.startsWith('agentfoundry/dev/org1'));
      const filter = [{ Key: 'name' as const, Values: ['agentfoundry/dev/org1'] }];
      expect(await listAll(client, { Filters: filter, MaxResults: 9, SortBy: 'name' })).toEqual([...org1].sort());
      expect(await listAll(client, { Filters: filter, MaxResults: 9, SortBy: 'name', SortOrder: 'desc' })).toEqual([...org1].sort().reverse());
      expect(await listAll(client, { Filters: filter, MaxResults: 9, SortOrder: 'desc' })).toEqual([...org1].reverse());
      const notOrg1 = [{ Key: 'name' as const, Values: ['!agentfoundry/dev/org1'] }];
      expect(await listAll(client, { Filters: notOrg1, MaxResults: 13 })).toEqual(expected.filter((name) => !org1.includes(name)));
    });

    it('shows a secret created between pages once, and none twice', async () => {
      const first = await client.send(new ListSecretsCommand({ MaxResults: 100 }));
      clock.now += 1000;
      await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/zzz/shared/late' }));
      const seen = (first.SecretList ?? []).map((s) => s.Name as string);
      let NextToken = first.NextToken;
      while (NextToken) {
        const page = await client.send(new ListSecretsCommand({ MaxResults: 100, NextToken }));
        seen.push(...(page.SecretList ?? []).map((s) => s.Name as string));
        NextToken = page.NextToken;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...expected, 'agentfoundry/dev/zzz/shared/late']);
    });

    it('rejects a forged, altered or foreign NextToken', async () => {
      const page = await client.send(new ListSecretsCommand({ MaxResults: 5 }));
      const token = page.NextToken as string;
      const [body, signature] = token.split('.') as [string, string];
      const forgedBody = Buffer.from(JSON.stringify({ q: 'x', c: [0, '', ''] })).toString('base64url');
      for (const bad of [`${forgedBody}.${signature}`, `${body}.${signature.slice(0, -2)}AA`, 'garbage']) {
        expect(await rejectionOf(client.send(new ListSecretsCommand({ MaxResults: 5, NextToken: bad })))).toBeInstanceOf(InvalidNextTokenException);
      }
      // A token belongs to its query: reusing it with other filters is refused.
      const foreign = await rejectionOf(client.send(new ListSecretsCommand({ NextToken: token, Filters: [{ Key: 'name', Values: ['x'] }] })));
      expect(foreign).toBeInstanceOf(InvalidNextTokenException);
    });
  });
});
