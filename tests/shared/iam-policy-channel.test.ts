/**
 * saveIamPolicy: the window sends the options, main generates the policy again and writes it where
 * the person chose; only the path comes back. Through the real router and composition.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { generatePolicy, policyJson } from '../../src/shared/iam-policy';
import { startHarness, type Harness } from '../main/audit/harness';
import { tempDir } from '../vault/helpers';

describe('saveIamPolicy channel', () => {
  let h: Harness;
  let saveDir: string;
  let proposed: string[];
  let cancel: boolean;
  beforeEach(async () => {
    saveDir = await tempDir('foundry-iam-save-');
    proposed = [];
    cancel = false;
    h = await startHarness({
      chooseSavePath: async (defaultName) => {
        proposed.push(defaultName);
        return cancel ? null : path.join(saveDir, defaultName);
      },
    });
  });
  afterEach(() => h.close());

  it('is write-class and audited like every export (a file left the app), with no policy text in the entry', async () => {
    expect(contract.saveIamPolicy.class).toBe('write');
    await h.ok('saveIamPolicy', { role: 'support', env: 'prod', org: 'acme' });
    const { entries } = await h.ok('listAudit', { filters: { actions: ['iam.export'] } });
    // Newest first: the outcome, then the attempt it settles.
    expect(entries.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['iam.export', 'success'],
      ['iam.export', 'attempt'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('secretsmanager:');
  });

  it('writes the policy main generates for the options, named by role, env and org', async () => {
    const options = { role: 'admin', env: 'dev', org: 'acme', account: '123456789012', region: 'eu-west-1' } as const;
    const answer = await h.ok('saveIamPolicy', options);
    const file = path.join(saveDir, 'foundry-iam-admin-dev-acme.json');
    expect(answer).toEqual({ saved: true, path: file });
    expect(proposed).toEqual(['foundry-iam-admin-dev-acme.json']);
    expect(await fs.readFile(file, 'utf8')).toBe(policyJson(generatePolicy(options).policy));
  });

  it('a cancelled dialog saves nothing', async () => {
    cancel = true;
    expect(await h.ok('saveIamPolicy', { role: 'support', env: 'prod' })).toEqual({ saved: false });
    expect(await fs.readdir(saveDir)).toEqual([]);
  });

  it('refuses a policy JSON in place of the options, and bad options, before any dialog', async () => {
    const policy = generatePolicy({ role: 'admin', env: 'dev' }).policy;
    expect((await h.failure('saveIamPolicy', { role: 'admin', env: 'dev', policy })).code).toBe('VALIDATION');
    expect((await h.failure('saveIamPolicy', { role: 'admin', env: 'dev', org: '../etc' })).code).toBe('VALIDATION');
    expect((await h.failure('saveIamPolicy', { role: 'root', env: 'dev' })).code).toBe('VALIDATION');
    expect(proposed).toEqual([]);
  });
});
