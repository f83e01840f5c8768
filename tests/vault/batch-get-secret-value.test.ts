/**
 * BatchGetSecretValue as AWS documents it (API_BatchGetSecretValue, facts sheet §1.8), through the
 * real SDK: SecretIdList (1–20) or Filters, never both; MaxResults only with Filters; NextToken
 * pagination; entries shaped like GetSecretValue's answer; per-secret failures in Errors.
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  type BatchGetSecretValueCommandInput,
  SecretsManagerClient,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBlind } from '../../src/main/secrets/blind-client';
import { AppError } from '../../src/shared/errors';
import { SECRET_OPERATIONS } from '../../src/shared/secret-operations';
import { HTTP_CREDENTIALS, TRANSPORTS, clientFor, rejectionOf, startVault, type TestClock } from './helpers';

const ORG = 'agentfoundry/dev/acme/';
const id = (domain: string, name: string): string => `${ORG}${domain}/${name}`;

async function batchAll(client: SecretsManagerClient, input: BatchGetSecretValueCommandInput): Promise<{ values: SecretValueEntry[]; pages: number }> {
  const values: SecretValueEntry[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new BatchGetSecretValueCommand({ ...input, NextToken }));
    pages += 1;
    values.push(...(page.SecretValues ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return { values, pages };
}

describe.each(TRANSPORTS)('BatchGetSecretValue over %s', (transport) => {
  let client: SecretsManagerClient;
  let clock: TestClock;

  beforeAll(async () => {
    const started = await startVault();
    clock = started.clock;
    client = await clientFor(started.vault, transport);
    await client.send(new CreateSecretCommand({ Name: id('shared', 'openai_api_key'), SecretString: 'batch-shared-openai' }));
    await client.send(new CreateSecretCommand({ Name: id('card', 'openai_api_key'), SecretString: 'batch-card-openai' }));
    await client.send(new CreateSecretCommand({ Name: id('shared', 'binary_key'), SecretBinary: Buffer.from([1, 2, 3, 250]) }));
    await client.send(new CreateSecretCommand({ Name: id('shared', 'doomed_key'), SecretString: 'batch-doomed' }));
    await client.send(new DeleteSecretCommand({ SecretId: id('shared', 'doomed_key'), RecoveryWindowInDays: 7 }));
    // A secret without an AWSCURRENT version: created empty.
    await client.send(new CreateSecretCommand({ Name: id('shared', 'empty_key') }));
    await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/other-org/shared/openai_api_key', SecretString: 'batch-other-org' }));
  });

  describe('SecretIdList', () => {
    it('answers each listed secret with the fields GetSecretValue answers', async () => {
      const out = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key'), id('card', 'openai_api_key')] }));
      expect(out.Errors).toEqual([]);
      expect(out.NextToken).toBeUndefined();
      expect(out.SecretValues?.map((entry) => entry.SecretString)).toEqual(['batch-shared-openai', 'batch-card-openai']);
      const single = await client.send(new GetSecretValueCommand({ SecretId: id('card', 'openai_api_key') }));
      const entry = out.SecretValues?.[1] as SecretValueEntry;
      expect(entry).toEqual({
        ARN: single.ARN,
        Name: single.Name,
        VersionId: single.VersionId,
        SecretString: single.SecretString,
        VersionStages: single.VersionStages,
        CreatedDate: single.CreatedDate,
      });
    });

    it('accepts ARNs and returns binary values as bytes', async () => {
      const { ARN } = await client.send(new DescribeSecretCommand({ SecretId: id('shared', 'binary_key') }));
      const out = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [ARN as string] }));
      expect(out.SecretValues?.[0]?.Name).toBe(id('shared', 'binary_key'));
      expect([...(out.SecretValues?.[0]?.SecretBinary ?? [])]).toEqual([1, 2, 3, 250]);
      expect(out.SecretValues?.[0]?.SecretString).toBeUndefined();
    });

    it('reports missing, scheduled-for-deletion and value-less secrets in Errors and still serves the rest', async () => {
      const out = await client.send(
        new BatchGetSecretValueCommand({
          SecretIdList: [id('shared', 'nope'), id('shared', 'openai_api_key'), id('shared', 'doomed_key'), id('shared', 'empty_key')],
        }),
      );
      expect(out.SecretValues?.map((entry) => entry.Name)).toEqual([id('shared', 'openai_api_key')]);
      expect(out.Errors).toEqual([
        { SecretId: id('shared', 'nope'), ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
        {
          SecretId: id('shared', 'doomed_key'),
          ErrorCode: 'InvalidRequestException',
          Message: "You can't perform this operation on the secret because it was marked for deletion.",
        },
        {
          SecretId: id('shared', 'empty_key'),
          ErrorCode: 'ResourceNotFoundException',
          Message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        },
      ]);
    });

    it('records the access like GetSecretValue (LastAccessedDate, day resolution)', async () => {
      clock.advanceDays(1);
      await client.send(new BatchGetSecretValueCommand({ SecretIdList: [id('card', 'openai_api_key')] }));
      const described = await client.send(new DescribeSecretCommand({ SecretId: id('card', 'openai_api_key') }));
      expect(described.LastAccessedDate?.getTime()).toBe(clock.now - (clock.now % 86_400_000));
    });

    it('takes 1–20 ids', async () => {
      const ids = Array.from({ length: 21 }, (_, n) => id('shared', `k${n}`));
      expect((await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: ids })))).name).toBe('ValidationException');
      expect((await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: [] })))).name).toBe('ValidationException');
      const twenty = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ids.slice(0, 20) }));
      expect(twenty.Errors).toHaveLength(20);
    });
  });

  describe('Filters', () => {
    it('answers the secrets a name-prefix filter matches, leaving out those scheduled for deletion', async () => {
      const out = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [ORG] }] }));
      expect(out.SecretValues?.map((entry) => entry.Name).sort()).toEqual([id('card', 'openai_api_key'), id('shared', 'binary_key'), id('shared', 'openai_api_key')]);
      // The value-less secret matches the filter but has nothing to give.
      expect(out.Errors?.map((error) => [error.SecretId, error.ErrorCode])).toEqual([[id('shared', 'empty_key'), 'ResourceNotFoundException']]);
      expect(out.NextToken).toBeUndefined();
    });

    it('pages with MaxResults and NextToken, each secret once', async () => {
      const one = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [ORG] }], MaxResults: 1 }));
      expect((one.SecretValues?.length ?? 0) + (one.Errors?.length ?? 0)).toBe(1);
      expect(one.NextToken).toBeDefined();
      const { values, pages } = await batchAll(client, { Filters: [{ Key: 'name', Values: [ORG] }], MaxResults: 1 });
      expect(pages).toBe(4);
      expect(values.map((entry) => entry.Name).sort()).toEqual([id('card', 'openai_api_key'), id('shared', 'binary_key'), id('shared', 'openai_api_key')]);
    });

    it('rejects a NextToken from another query or an altered one', async () => {
      const page = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [ORG] }], MaxResults: 1 }));
      const token = page.NextToken as string;
      const foreign = await rejectionOf(client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['agentfoundry/'] }], NextToken: token })));
      expect(foreign).toBeInstanceOf(InvalidNextTokenException);
      const altered = await rejectionOf(client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [ORG] }], NextToken: `x${token}` })));
      expect(altered).toBeInstanceOf(InvalidNextTokenException);
    });

    it('takes MaxResults 1–20', async () => {
      const tooMany = await rejectionOf(client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [ORG] }], MaxResults: 21 })));
      expect(tooMany.name).toBe('ValidationException');
    });
  });

  describe('choosing the secrets', () => {
    it('refuses SecretIdList and Filters together', async () => {
      const error = await rejectionOf(
        client.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key')], Filters: [{ Key: 'name', Values: [ORG] }] })),
      );
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error.message).toContain('not both');
    });

    it('refuses neither', async () => {
      expect(await rejectionOf(client.send(new BatchGetSecretValueCommand({})))).toBeInstanceOf(InvalidParameterException);
    });

    it('refuses MaxResults without Filters', async () => {
      const error = await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key')], MaxResults: 5 })));
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error.message).toContain('Filters');
    });
  });
});

describe('BatchGetSecretValue authentication (served vault)', () => {
  it('is refused, like every operation, without valid SigV4 credentials', async () => {
    const { vault } = await startVault();
    const good = await clientFor(vault, 'http');
    await good.send(new CreateSecretCommand({ Name: id('shared', 'openai_api_key'), SecretString: 'batch-auth-value' }));
    const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    const wrong = new SecretsManagerClient({ region: vault.region, endpoint: server.endpoint, credentials: { accessKeyId: HTTP_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    try {
      const error = await rejectionOf(wrong.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key')] })));
      expect(error.name).toBe('InvalidSignatureException');
      expect(JSON.stringify(error)).not.toContain('batch-auth-value');
    } finally {
      wrong.destroy();
      await server.close();
    }
  });
});

describe("the app's blind client, now that the vault serves BatchGetSecretValue", () => {
  it('still cannot send it: refused before it is signed, and the app never lists it', async () => {
    const { vault } = await startVault();
    const seeder = await clientFor(vault, 'in-process');
    await seeder.send(new CreateSecretCommand({ Name: id('shared', 'openai_api_key'), SecretString: 'batch-blind-value' }));
    // The vault does answer it (so the refusal below is the client's, not a missing operation).
    const served = await seeder.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key')] }));
    expect(served.SecretValues).toHaveLength(1);
    const blind = makeBlind(await clientFor(vault, 'in-process'));
    const refused = await rejectionOf(blind.send(new BatchGetSecretValueCommand({ SecretIdList: [id('shared', 'openai_api_key')] })));
    expect(refused).toBeInstanceOf(AppError);
    expect(JSON.stringify(refused)).not.toContain('batch-blind-value');
    expect(SECRET_OPERATIONS.map((operation) => operation.name)).not.toContain('BatchGetSecretValue');
  });
});
