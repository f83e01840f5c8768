/**
 * `migrate` on a .env file where key material sits on a line of its own (a TOTP seed with "="
 * padding, upper-case hex, an AWS key id before ": x", a 40-character run): dotenv reads each as
 * an assignment whose key is the material. None may appear in the preview, the --json report, a
 * run's output (the "Stored now" list included), the audit files, or the vault as a secret name —
 * each line is reported by its number only. The real variables around them still import.
 */
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { appDataDir, auditText, envFile, runCli, withAppVault, type JsonReport } from './helpers';

const MATERIAL = {
  base32Seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  upperHex: 'C55AD0159F86D081884C7D659A2FEAA0',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  longRun: 'QWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPASDF',
};

const ENV_TEXT = [
  'OPENAI_API_KEY=sk-proj-abc123def456',
  '# TOTP seed for the ops account, pasted below',
  `${MATERIAL.base32Seed}====`,
  '# an upper-case hex HMAC key',
  `${MATERIAL.upperHex}==`,
  `${MATERIAL.awsKeyId}: x`,
  `${MATERIAL.longRun}=x`,
  'PORT=8080',
  'DATABASE_URL=postgres://u:p@h/db',
  '',
].join('\n');
const MATERIAL_LINES = [3, 5, 6, 7];

/** Every way a piece of material could show: as written, as a lower-cased secret name, or its start. */
function leaksIn(where: string, text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(MATERIAL)
    .filter(([, material]) => lower.includes(material.slice(0, 12).toLowerCase()))
    .map(([name]) => `${where}: ${name}`);
}

describe('migrate never shows key material that dotenv reads as a key', () => {
  let dataDir: string;
  let file: string;
  const migrate = (...extra: string[]) => runCli(['migrate', file, '--org', 'acme', '--include-custom', '--embedded', '--data', dataDir, ...extra]);

  beforeAll(async () => {
    dataDir = await appDataDir();
    file = await envFile(ENV_TEXT, 'mig.env');
  });

  it('the preview and the --json report list the real keys only, and the material lines by number', async () => {
    const preview = await migrate();
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^1\s+OPENAI_API_KEY\s/m);
    expect(preview.stdout).toMatch(/^8\s+PORT\s+agentfoundry\/dev\/acme\/shared\/port\s+planned/m);
    expect(preview.stdout).toContain('Lines 3, 5, 6 and 7 look like key material rather than a variable name, so they were not imported (not shown). If one is a variable, store it by hand.');
    expect(preview.stdout).not.toContain('KEY=value assignment');
    expect([...leaksIn('preview stdout', preview.stdout), ...leaksIn('preview stderr', preview.stderr)]).toEqual([]);

    const json = await migrate('--json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.items.map((row) => row.key)).toEqual(['OPENAI_API_KEY', 'PORT', 'DATABASE_URL']);
    expect(report.source).toMatchObject({ badLines: [], materialLines: MATERIAL_LINES });
    expect(leaksIn('--json', json.stdout)).toEqual([]);
  });

  it('a run writes the real keys only: no secret is named after the material, and nothing prints or audits it', async () => {
    const run = await migrate('--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Stored now, so they can be removed from mig.env: OPENAI_API_KEY, PORT, DATABASE_URL.');
    expect(run.stdout).toContain('Lines 3, 5, 6 and 7 were not imported: keep them in mig.env, or store them by hand.');
    expect([...leaksIn('run stdout', run.stdout), ...leaksIn('run stderr', run.stderr)]).toEqual([]);
    expect(leaksIn('audit', await auditText(dataDir))).toEqual([]);
    await withAppVault(dataDir, async (client) => {
      const names = ((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList ?? []).map((secret) => secret.Name ?? '');
      expect(names.sort()).toEqual(['database_url', 'openai_api_key', 'port'].map((name) => `agentfoundry/dev/acme/shared/${name}`));
    });
  });
});

/**
 * The second review (findings 5 and 6): a Fernet key (base64url, "_" and "-" every few
 * characters) before ": x" became a key, a secret name and an audit entry; and real variables the
 * rule hides were reported as "not KEY=value assignments", with the run then listing what "can be
 * removed" from the file. Now the material is hidden, camelCase and well-known long names import,
 * and a real name still taken for material is reported as such, with what to do.
 */
describe('migrate: base64url key material and hidden lines reported for what they are', () => {
  const FERNET = 'DpdmvTC__lAGBnQIS4H_jQZ-8Ku9Z_nG-fRPZI22W4w';
  const TEXT = [
    'OPENAI_API_KEY=sk-proj-abc123def456',
    'stripeSecretKey=sk_live_abcdef0123456789',
    'PYTHONUNBUFFERED=1',
    '# fernet key, pasted below',
    `${FERNET}: x`,
    'auth0ClientSecret=live-client-secret',
    'this line is not an assignment',
    '',
  ].join('\n');
  let dataDir: string;
  let file: string;
  const migrate = (...extra: string[]) => runCli(['migrate', file, '--org', 'acme', '--include-custom', '--embedded', '--data', dataDir, ...extra]);
  const fernetIn = (text: string): boolean => text.toLowerCase().includes(FERNET.slice(0, 10).toLowerCase()) || text.toLowerCase().includes('ku9z_ng');

  beforeAll(async () => {
    dataDir = await appDataDir();
    file = await envFile(TEXT, 'p.env');
  });

  it('the preview and --json import the camelCase and long names, hide the Fernet key, and tell material lines from bad ones', async () => {
    const preview = await migrate();
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^2\s+stripeSecretKey\s+agentfoundry\/dev\/acme\/shared\/stripesecretkey\s+planned/m);
    expect(preview.stdout).toMatch(/^3\s+PYTHONUNBUFFERED\s/m);
    expect(preview.stdout).toContain('Line 7 is not a KEY=value assignment and was left out (its content is not shown).');
    expect(preview.stdout).toContain('Lines 5 and 6 look like key material rather than a variable name, so they were not imported (not shown). If one is a variable, store it by hand.');
    expect(fernetIn(preview.stdout + preview.stderr)).toBe(false);

    const json = await migrate('--json');
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.items.map((row) => row.key)).toEqual(['OPENAI_API_KEY', 'stripeSecretKey', 'PYTHONUNBUFFERED']);
    expect(report.source).toMatchObject({ badLines: [7], materialLines: [5, 6] });
    expect(fernetIn(json.stdout)).toBe(false);
  });

  it('a run says which lines the file must keep, and neither prints, stores nor audits the Fernet key', async () => {
    const run = await migrate('--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Stored now, so they can be removed from p.env: OPENAI_API_KEY, stripeSecretKey, PYTHONUNBUFFERED.');
    expect(run.stdout).toContain('Lines 5, 6 and 7 were not imported: keep them in p.env, or store them by hand.');
    expect(fernetIn(run.stdout + run.stderr)).toBe(false);
    expect(fernetIn(await auditText(dataDir))).toBe(false);
    const json = JSON.parse((await migrate('--yes', '--json', '--overwrite')).stdout) as JsonReport;
    expect(json.notImportedLines).toEqual([5, 6, 7]);
    await withAppVault(dataDir, async (client) => {
      const names = ((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList ?? []).map((secret) => secret.Name ?? '');
      expect(names.sort()).toEqual(['openai_api_key', 'pythonunbuffered', 'stripesecretkey'].map((name) => `agentfoundry/dev/acme/shared/${name}`));
    });
  });
});
