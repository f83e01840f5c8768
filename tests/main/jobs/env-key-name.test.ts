/**
 * The `.env` key heuristic (env-key-name.ts) against the second review's finding 5: key material
 * with `_` or `-` every few characters (base64url: a Fernet key, a JWT secret) parsed as a key and
 * became a shown key, a secret name and an audit entry. Random keys of every usual size and
 * encoding must all be hidden, while the names people really use still import.
 */
import { describe, expect, it } from 'vitest';
import { keyLooksLikeName } from '../../../src/main/jobs/env-key-name';
import { parseEnvText } from '../../../src/main/jobs/env-file';
import { CATALOG } from '../../../src/shared/catalog';
import { seededRandom } from '../../../bench/latency-proxy';


/** How a pasted key reaches dotenv as "KEY<rest>": its own padding, then nothing, `: x` or `=x`. */
const TAILS = ['', ': x', '=x', '=='] as const;

/** The key and value dotenv reads from `material + tail` (only for material dotenv can take as a key). */
function asAssignment(material: string, tail: (typeof TAILS)[number]): { key: string; value: string } | null {
  const key = material.replace(/=+$/, '');
  if (!/^[A-Za-z_][\w.-]*$/.test(key)) return null;
  const padding = material.slice(key.length);
  if (tail === ': x') return padding === '' ? { key, value: 'x' } : null;
  // "KEY=" + rest: the value is whatever follows the first "=".
  const line = `${material}${tail}`;
  const at = line.indexOf('=');
  return at < 0 ? null : { key, value: line.slice(at + 1) };
}

describe('keyLooksLikeName: key material with separators (finding 5)', () => {
  it('hides the reviewers\' cases: a Fernet key before ": x" or "=", a project key, dotted runs, a passphrase', () => {
    const fernet = 'DpdmvTC__lAGBnQIS4H_jQZ-8Ku9Z_nG-fRPZI22W4w';
    for (const value of ['x', '']) expect(keyLooksLikeName(fernet, value)).toBe(false);
    for (const key of ['sk-proj-abcdefghijk_lmnopqrstuv-wxyzABCDEFG', 'abc123.def456.ghi789jkl0']) {
      expect(keyLooksLikeName(key, ''), key).toBe(false);
      expect(keyLooksLikeName(key, 'x'), key).toBe(false);
    }
    // Lower-case words with an empty value: nothing would be stored, so it is hidden rather than shown.
    expect(keyLooksLikeName('correct.horse.battery.staple', '')).toBe(false);

    const parsed = parseEnvText(['OPENAI_API_KEY=sk-1', `${fernet}: x`, `${fernet}=`, 'PORT=8080'].join('\n'));
    expect(parsed.entries.map((entry) => entry.key)).toEqual(['OPENAI_API_KEY', 'PORT']);
    expect(parsed.materialLines).toEqual([2, 3]);
  });

  it('hides 100,000 random (seeded) base64url and base64 keys of 16–64 bytes, padded or not, before "", ": x", "=x" or "=="', () => {
    // 32-bit words from the benches' seeded generator (mulberry32), so a failure names a case that can be run again.
    const next = seededRandom(0x5eed_f1b);
    const random = (): number => next() * 4294967296;
    const started = performance.now();
    const shown: string[] = [];
    let judged = 0;
    // Only keys dotenv can read as a name count (base64 with "+" or "/" is a bad line, not a key).
    for (let index = 0; judged < 100_000; index += 1) {
      const words = new Uint32Array(17);
      for (let at = 0; at < words.length; at += 1) words[at] = random();
      const bytes = Buffer.from(words.buffer, 0, 16 + (index % 49));
      const encoded = bytes.toString(index % 2 === 0 ? 'base64url' : 'base64');
      // base64url has no padding of its own: half the keys get the "=" a pasting tool may add.
      const material = index % 4 < 2 ? encoded.replace(/=+$/, '') : index % 2 === 0 ? `${encoded}=` : encoded;
      const assignment = asAssignment(material, TAILS[index % TAILS.length] as (typeof TAILS)[number]);
      if (assignment === null) continue;
      judged += 1;
      if (keyLooksLikeName(assignment.key, assignment.value)) shown.push(assignment.key);
    }
    const elapsed = performance.now() - started;
    expect(shown).toEqual([]);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('keyLooksLikeName: real names still import', () => {
  const names = [
    ...CATALOG.flatMap((entry) => (entry.envVar === undefined ? [] : [entry.envVar])),
    ...['DATABASE_URL', 'PORT', 'NODE_ENV', 'db.url', 'SHA256_SALT', 'AWS_REGION', 'NEXT_PUBLIC_API_URL', 'VITE_APP_TITLE', 'REACT_APP_API_KEY', 'port', 'Custom_Thing'],
    ...['openaiApiKey', 'stripeSecretKey', 'githubToken', 'awsSecretAccessKey', 'supabaseServiceRoleKey', 'nextAuthSecret', 'twilioAuthToken', 'slackWebhookUrl', 'sendgridApiKey', 'userId', 'openAIKey', 'NEXT_PUBLIC_apiBaseUrl', 'sentryDsn', 'jwtSecret', 'Db2Password', 'oauth2ClientId', 'apiBaseUrlV2'],
    ...['PYTHONUNBUFFERED', 'PYTHONIOENCODING', 'KUBECONFIG', 'HTTP2', 'OAUTH2_CLIENT_SECRET', `${'LONG_'.repeat(25)}X`],
  ];

  it.each(names)('%s with a value', (name) => {
    expect(keyLooksLikeName(name, 'value')).toBe(true);
  });

  it('an empty assignment of an UPPER_SNAKE name is shown (and reported as empty)', () => {
    for (const name of ['SENTRY_DSN', 'PORT', 'JWT_SECRET', 'OPENAI_API_KEY', 'SHA256_SALT']) expect(keyLooksLikeName(name, ''), name).toBe(true);
  });
});
