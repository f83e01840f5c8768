/**
 * `foundry-secrets iam`: the policy JSON alone on stdout (so `> policy.json` works), the caveats on
 * stderr (or in the document with --json), --help, and exit 2 for bad input without echoing it.
 */
import { describe, expect, it } from 'vitest';
import { generatePolicy, type GeneratedPolicy } from '../../src/shared/iam-policy';
import { runCli } from './helpers';

describe('foundry-secrets iam', () => {
  it('prints the policy JSON (2-space indent) on stdout, the caveats on stderr (exit 0)', async () => {
    const run = await runCli(['iam', '--role', 'admin', '--env', 'dev', '--org', 'acme', '--account', '123456789012', '--region', 'eu-west-1']);
    expect(run.code).toBe(0);
    const expected = generatePolicy({ role: 'admin', env: 'dev', org: 'acme', account: '123456789012', region: 'eu-west-1' });
    expect(JSON.parse(run.stdout)).toEqual(expected.policy);
    expect(run.stdout).toBe(`${JSON.stringify(expected.policy, null, 2)}\n`);
    expect(run.stdout).toContain('"Resource": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:agentfoundry/dev/acme/*"');
    expect(run.stdout).not.toContain('note:');
    expect(run.stderr).toMatch(/^note: ListSecrets takes no resource-level permission/m);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(expected.caveats.length);
  });

  it('support: status only, whole env', async () => {
    const run = await runCli(['iam', '--role', 'support', '--env', 'prod']);
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout) as GeneratedPolicy['policy'];
    const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    expect(allowed.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets']);
    expect(run.stdout).toContain('agentfoundry/prod/*');
  });

  it('--json wraps { policy, caveats } and writes nothing on stderr', async () => {
    const run = await runCli(['iam', '--role', 'admin', '--env', 'staging', '--deny-force-delete', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(generatePolicy({ role: 'admin', env: 'staging', denyForceDelete: true }))));
  });

  it('--help, -h, help iam and iam help print the same text; the top-level help lists iam', async () => {
    const runs = await Promise.all([['iam', '--help'], ['iam', '-h'], ['help', 'iam'], ['iam', 'help'], ['iam', '--bogus', '--help']].map((args) => runCli(args)));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(runs[0]?.stdout);
    }
    for (const flag of ['--role ROLE', '--env ENV', '--org ORG', '--account ID', '--region REGION', '--deny-force-delete', '--json']) expect(runs[0]?.stdout).toContain(flag);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/^ {2}iam +Print the least-privilege IAM policy/m);
  });

  const bad: { name: string; args: string[]; error: string }[] = [
    { name: 'a missing --role', args: ['--env', 'dev'], error: '--role is required (admin or support)' },
    { name: 'a missing --env', args: ['--role', 'admin'], error: '--env is required (dev, staging or prod)' },
    { name: 'an unknown role', args: ['--role', 'root-sk-999', '--env', 'dev'], error: '--role must be one of admin, support' },
    { name: 'an unknown env', args: ['--role', 'admin', '--env', 'qa-sk-999'], error: '--env must be one of dev, staging, prod' },
    { name: 'an org that breaks the naming rules', args: ['--role', 'admin', '--env', 'dev', '--org', 'Acme-SK-999'], error: '--org must be lower-case' },
    { name: 'an org with a wildcard', args: ['--role', 'admin', '--env', 'dev', '--org', 'acme*'], error: '--org may contain only lower-case letters' },
    { name: 'a short account', args: ['--role', 'admin', '--env', 'dev', '--account', '999'], error: '--account must be a 12-digit AWS account id' },
    { name: 'a bad region', args: ['--role', 'admin', '--env', 'dev', '--region', 'moon-base-sk-999'], error: '--region must be an AWS region name' },
    { name: 'an unknown flag', args: ['--role', 'admin', '--env', 'dev', '--action', '*'], error: 'unknown flag --action' },
    { name: 'a stray argument', args: ['--role', 'admin', '--env', 'dev', 'sk-999'], error: 'iam takes flags only (unexpected argument)' },
    { name: 'force-delete for support', args: ['--role', 'support', '--env', 'dev', '--deny-force-delete'], error: '--deny-force-delete goes with --role admin' },
  ];
  it.each(bad)('$name: exit 2, the reason and where to look on stderr, nothing on stdout, the input not echoed', async ({ args, error }) => {
    const run = await runCli(['iam', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`foundry-secrets: ${error}`);
    expect(run.stderr).toContain('See: foundry-secrets iam --help');
    expect(run.stderr).not.toContain('sk-999');
    expect(run.stderr).not.toContain('SK-999');
  });
});
