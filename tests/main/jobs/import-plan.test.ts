import { describe, expect, it } from 'vitest';
import { parseEnvText } from '../../../src/main/jobs/env-file';
import { planImport } from '../../../src/main/jobs/import-plan';
import { createImportSources } from '../../../src/main/jobs/import-sources';
import type { SecretStatusList } from '../../../src/shared/secrets';

const sources = createImportSources({ env: {} });
const options = { orgId: 'acme', domainId: 'shared', includeCustom: true, overwrite: false, skipKeys: [] as string[] };

describe('the import plan', () => {
  it('maps catalog variables case-insensitively, custom keys by their lower-case name, and refuses names the rules forbid', () => {
    const record = sources.adopt('file', '.env', parseEnvText(['openai_api_key=sk-a', 'Custom_Thing=x', 'has.dot=y', `${'LONG_'.repeat(25)}X=z`].join('\n')));
    const long = { ...options, orgId: 'o'.repeat(64), domainId: 'd'.repeat(64), sourceId: record.sourceId };
    // A name the rules allow, in an org and domain so long that the whole id would pass 256 characters.
    expect(planImport(record, long, 'dev', undefined).preview.items.at(-1)).toMatchObject({ plan: 'invalid-name', warning: expect.stringContaining('too long') });
    const { preview, writes } = planImport(record, { ...options, sourceId: record.sourceId }, 'dev', undefined);
    expect(preview.items.map((item) => [item.key, item.plan, item.secretName ?? null, item.custom])).toEqual([
      ['openai_api_key', 'create', 'openai_api_key', false],
      ['Custom_Thing', 'create', 'custom_thing', true],
      ['has.dot', 'invalid-name', null, true],
      [`${'LONG_'.repeat(25)}X`, 'create', `${'long_'.repeat(25)}x`, true],
    ]);
    expect(writes.map((write) => write.item.secretId)).toEqual(['agentfoundry/dev/acme/shared/openai_api_key', 'agentfoundry/dev/acme/shared/custom_thing', `agentfoundry/dev/acme/shared/${'long_'.repeat(25)}x`]);
  });

  it('warns when a catalog key does not start like the provider\'s keys, saying what is expected, never what it is', () => {
    const record = sources.adopt('file', '.env', parseEnvText('OPENAI_API_KEY=xoxb-wrong-paste\nANTHROPIC_API_KEY=sk-ant-fine'));
    const { preview } = planImport(record, { ...options, sourceId: record.sourceId }, 'dev', undefined);
    expect(preview.items[0]?.warning).toBe('Does not start the way OpenAI keys do ("sk-"): check it is the right value.');
    expect(preview.items[0]?.warning).not.toContain('xoxb');
    expect(preview.items[1]?.warning).toBeUndefined();
  });

  it('marks existing secrets (not ones inherited from shared), and overwrites them only when asked', () => {
    const record = sources.adopt('file', '.env', parseEnvText('OPENAI_API_KEY=sk-a\nGITHUB_TOKEN=ghp_b'));
    const statusOf = (secretName: string, state: 'configured' | 'inherited') => ({
      secretId: `agentfoundry/dev/acme/cards/${secretName}`,
      orgId: 'acme',
      domainId: 'cards',
      secretName,
      env: 'dev' as const,
      state,
      lastChangedAt: '2026-11-01T00:00:00.000Z',
    });
    const list: SecretStatusList = { orgId: 'acme', domainId: 'cards', env: 'dev', domains: ['cards', 'shared'], secrets: [statusOf('openai_api_key', 'configured'), statusOf('github_token', 'inherited')] };
    const plan = (overwrite: boolean) => planImport(record, { ...options, domainId: 'cards', overwrite, sourceId: record.sourceId }, 'dev', list).preview.items.map((item) => [item.plan, item.exists]);
    expect(plan(false)).toEqual([
      ['skip-existing', true],
      ['create', false],
    ]);
    expect(plan(true)).toEqual([
      ['overwrite', true],
      ['create', false],
    ]);
  });

});
