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


  describe('what dotenv would read otherwise than the file says (review findings)', () => {
    const planOf = (text: string) => {
      const record = sources.adopt('file', '.env', parseEnvText(text));
      return planImport(record, { ...options, sourceId: record.sourceId }, 'dev', undefined);
    };

    it('keys that differ only in case name one secret: the last line wins, the earlier is listed as overridden, one write', () => {
      const { preview, writes } = planOf(['OPENAI_API_KEY=sk-first', 'GITHUB_TOKEN=ghp_x', 'openai_api_key=sk-second', 'DB_URL=postgres://a', 'db_url=postgres://b'].join('\n'));
      expect(preview.items.map((item) => [item.key, item.plan, item.line, item.overriddenLines ?? []])).toEqual([
        ['GITHUB_TOKEN', 'create', 2, []],
        ['openai_api_key', 'create', 3, [1]],
        ['db_url', 'create', 5, [4]],
      ]);
      expect(writes.map((write) => [write.item.secretName, write.entry.value.reveal()])).toEqual([
        ['github_token', 'ghp_x'],
        ['openai_api_key', 'sk-second'],
        ['db_url', 'postgres://b'],
      ]);
    });

    it('a "#" right after an unquoted value, a quote never closed, a multi-line JSON without quotes: not imported, said why', () => {
      const { preview, writes } = planOf(
        ['DB_PASSWORD=p@ss#word', 'SPACED_COMMENT=fine # a comment', 'HASHSTART=#secret', 'OPEN_QUOTE="abc', 'MIXED="x"y', 'GCP_SA={', '  "type": "service_account",', '  "k": 1', '}', 'AFTER=ok', 'QUOTED="p@ss#word"'].join('\n'),
      );
      const byKey = new Map(preview.items.map((item) => [item.key, item]));
      expect(byKey.get('DB_PASSWORD')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('starts a comment') });
      expect(byKey.get('HASHSTART')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('starts a comment') });
      expect(byKey.get('OPEN_QUOTE')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('not closed') });
      expect(byKey.get('MIXED')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('not closed') });
      expect(byKey.get('GCP_SA')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('multi-line value') });
      expect(writes.map((write) => [write.item.key, write.entry.value.reveal()])).toEqual([
        ['SPACED_COMMENT', 'fine'],
        ['AFTER', 'ok'],
        ['QUOTED', 'p@ss#word'],
      ]);
      // The JSON's own lines are said to be part of it, by number only.
      expect(preview.badLines).toEqual([7, 8, 9]);
      for (const item of preview.items) expect(JSON.stringify(item)).not.toMatch(/p@ss|abc|service_account/);
    });

    it("the app's value rules apply: blank, surrounding spaces and over 64 KiB are not imported, each with its reason; a PEM may end with a line break", () => {
      const pem = '-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n';
      const { preview, writes } = planOf(
        [`BLANK="   "`, `NL="\\n"`, `SPACED=" tok "`, `LEADING=" sk-a"`, `BIG="${'x'.repeat(70_000)}"`, `PEM_KEY="${pem}"`, 'OK=fine'].join('\n'),
      );
      const byKey = new Map(preview.items.map((item) => [item.key, item]));
      expect(byKey.get('BLANK')).toMatchObject({ plan: 'skip-empty', warning: expect.stringContaining('only spaces') });
      expect(byKey.get('NL')).toMatchObject({ plan: 'skip-empty' });
      expect(byKey.get('SPACED')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('starts or ends with a space') });
      expect(byKey.get('LEADING')).toMatchObject({ plan: 'skip-malformed' });
      expect(byKey.get('BIG')).toMatchObject({ plan: 'skip-malformed', warning: expect.stringContaining('longer than 65,536 bytes') });
      expect(writes.map((write) => write.item.key)).toEqual(['PEM_KEY', 'OK']);
      for (const item of preview.items) expect(item.warning ?? '').not.toMatch(/70,?000|tok|sk-a/);
    });
  });
});
