import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import {
  DEFAULT_DOMAIN_ID,
  ENVS,
  MAX_SECRET_ID_LENGTH,
  SEGMENT_PATTERN,
  buildSecretId,
  describeNameRule,
  domainIdSchema,
  domainPrefix,
  envPrefix,
  envSchema,
  nameSegmentProblem,
  orgIdSchema,
  orgPrefix,
  parseSecretId,
  secretNameSchema,
  type Env,
  type IdSegment,
} from '../../src/shared/naming';

const env = fc.constantFrom(...ENVS);
const validOrg = fc.stringMatching(/^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$/);
const validDomain = validOrg;
const validName = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9_-]{0,126}[a-z0-9])?$/)
  .filter((name) => !/-[a-z0-9_-]{6}$/.test(name));

/** Strings built from the pieces an attacker would use, plus fully arbitrary unicode. */
const hostilePieces = fc.constantFrom(
  '/', '..', '.', '\\', 'a', 'z', '0', '-', '_', 'A', ' ', '\t', '\n', '\u0000',
  'а', // Cyrillic a
  'ａ', // full-width a
  'K', // Kelvin sign, NFKC-folds to K
  'ﬁ', // ligature, NFKC-folds to "fi"
  'e\u0301', // combining accent
  '\u200b', // zero-width space
  'agentfoundry', 'prod', 'acme',
);
const hostileString = fc.oneof(
  fc.array(hostilePieces, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

function validationError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    return err as AppError;
  }
  throw new Error('expected a VALIDATION error, but nothing was thrown');
}

describe('buildSecretId / parseSecretId', () => {
  it('builds the documented shape, defaulting the domain to shared', () => {
    expect(buildSecretId({ env: 'dev', orgId: 'acme-corp', domainId: 'card-services', secretName: 'openai_api_key' })).toBe(
      'agentfoundry/dev/acme-corp/card-services/openai_api_key',
    );
    expect(buildSecretId({ env: 'prod', orgId: 'acme-corp', secretName: 'anthropic_api_key' })).toBe(
      'agentfoundry/prod/acme-corp/shared/anthropic_api_key',
    );
    expect(DEFAULT_DOMAIN_ID).toBe('shared');
  });

  it('round-trips any valid segments', () => {
    fc.assert(
      fc.property(env, validOrg, validDomain, validName, (e, orgId, domainId, secretName) => {
        fc.pre(orgId.length + domainId.length + secretName.length + e.length + 16 <= MAX_SECRET_ID_LENGTH);
        const id = buildSecretId({ env: e, orgId, domainId, secretName });
        expect(parseSecretId(id)).toEqual({ secretId: id, env: e, orgId, domainId, secretName });
      }),
      { numRuns: 500 },
    );
  });

  it('never yields an id outside agentfoundry/<env>/<org>/, whatever the input', () => {
    fc.assert(
      fc.property(env, fc.oneof(validOrg, hostileString), fc.oneof(validDomain, hostileString), fc.oneof(validName, hostileString), (e, orgId, domainId, secretName) => {
        let id: string;
        try {
          id = buildSecretId({ env: e, orgId, domainId, secretName });
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe('VALIDATION');
          return;
        }
        const prefix = `agentfoundry/${e}/${orgId}/`;
        expect(id.startsWith(prefix)).toBe(true);
        expect(id).toBe(`${prefix}${domainId}/${secretName}`);
        // Exactly two more segments below the org, none of them empty or a dot-segment.
        const rest = id.slice(prefix.length).split('/');
        expect(rest).toEqual([domainId, secretName]);
        expect(id).toMatch(/^[a-z0-9_/-]+$/);
        expect(id.length).toBeLessThanOrEqual(MAX_SECRET_ID_LENGTH);
        expect(parseSecretId(id)?.orgId).toBe(orgId);
      }),
      { numRuns: 2000 },
    );
  });

  it('a fixed org cannot be escaped through the domain or the secret name', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (domainId, secretName) => {
        try {
          const id = buildSecretId({ env: 'prod', orgId: 'acme', domainId, secretName });
          expect(id.startsWith('agentfoundry/prod/acme/')).toBe(true);
          expect(id.split('/')).toHaveLength(5);
        } catch (err) {
          expect((err as AppError).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 1000 },
    );
  });

  const hostileCorpus: readonly string[] = [
    '../x', '..', '.', 'a/b', '/a', 'a/', 'ACME', 'Acme', 'acme corp', ' acme', 'acme\n', 'acme\u0000',
    'аcme', // Cyrillic а
    'aсme', // Cyrillic с, in the middle
    'ac\u0301me', // combining accent in the middle
    'ａｃｍｅ', // full-width
    'acme\u200b', // zero-width space
    'ﬁle', // ligature that NFKC folds to "file"
    'café', 'x'.repeat(1000), '', 'acme-', 'acme_', '-acme', '_acme', 'a.b', 'a\\b', 'a%2fb',
  ];

  for (const segment of ['orgId', 'domainId', 'secretName'] as const) {
    it(`rejects the hostile corpus as ${segment} with VALIDATION`, () => {
      for (const bad of hostileCorpus) {
        const ref = { env: 'dev' as Env, orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', [segment]: bad };
        const err = validationError(() => buildSecretId(ref));
        expect(err.details?.field).toBe(segment);
        expect(nameSegmentProblem(segment, bad)).not.toBeNull();
      }
    });
  }

  it('rejects a secret name ending in "-" plus six characters, and says why', () => {
    for (const name of ['a-b1c2d3', 'key-abcdef', 'my-key-a_b-cd']) {
      const err = validationError(() => buildSecretId({ env: 'dev', orgId: 'acme', secretName: name }));
      expect(err.message).toContain('secret name');
      expect(err.message).toContain('ARN');
    }
    // Five or seven characters after the hyphen are fine, and so is "_" + six.
    for (const name of ['key-abcde', 'key-abcdefg', 'key_abcdef']) {
      expect(buildSecretId({ env: 'dev', orgId: 'acme', secretName: name })).toBe(`agentfoundry/dev/acme/shared/${name}`);
    }
  });

  it('rejects an unknown env', () => {
    const err = validationError(() => buildSecretId({ env: 'production' as Env, orgId: 'acme', secretName: 'k' }));
    expect(err.details?.field).toBe('env');
  });

  it('rejects an id longer than 256 characters even when every segment is valid', () => {
    const err = validationError(() =>
      buildSecretId({ env: 'staging', orgId: 'o'.repeat(64), domainId: 'd'.repeat(64), secretName: 'n'.repeat(128) }),
    );
    expect(err.details?.field).toBe('secretId');
    expect(err.message).toContain('256');
  });

  it('names the bad segment and its rule, and never repeats the rejected text (it could be a pasted key)', () => {
    const long = validationError(() => buildSecretId({ env: 'dev', orgId: 'acme', secretName: 'Q'.repeat(1000) }));
    expect(long.message).toContain('secret name');
    expect(long.message).toContain('at most 128 characters');
    expect(long.message).not.toContain('QQ');

    const lookalike = validationError(() => buildSecretId({ env: 'dev', orgId: 'аcme', secretName: 'k' }));
    expect(lookalike.message).toContain('organization id');
    expect(lookalike.message).not.toContain('cme');
    expect(lookalike.message).toContain('ASCII');

    const empty = validationError(() => buildSecretId({ env: 'dev', orgId: 'acme', domainId: '', secretName: 'k' }));
    expect(empty.message).toBe('Invalid domain id: it must not be empty.');
  });

  it('treats foreign or ill-formed names as not ours (null), never throwing', () => {
    const foreign: unknown[] = [
      'other/x', 'agentfoundry/dev/a', 'agentfoundry/dev/a/b', 'agentfoundry/dev/a/b/c/d', 'agentfoundry/dev/a/b/c/',
      'agentfoundry/test/a/b/c', 'agentfoundry//a/b/c', 'agentfoundry/dev/A/b/c', 'agentfoundry/dev/a/../c',
      'Agentfoundry/dev/a/b/c', 'agentfoundry/dev/а/b/c', 'agentfoundry/dev/a/b/k-abcdef', `agentfoundry/dev/a/b/${'c'.repeat(300)}`,
      '', 'agentfoundry/', 42, null, undefined, { name: 'agentfoundry/dev/a/b/c' },
    ];
    for (const name of foreign) expect(parseSecretId(name)).toBeNull();
    fc.assert(
      fc.property(hostileString, (name) => {
        const parsed = parseSecretId(name);
        if (parsed) expect(buildSecretId(parsed)).toBe(name);
      }),
    );
  });
});

describe('prefixes', () => {
  it('end with "/", so one org never matches another that shares its start', () => {
    expect(envPrefix('staging')).toBe('agentfoundry/staging/');
    expect(orgPrefix('dev', 'acme')).toBe('agentfoundry/dev/acme/');
    expect(domainPrefix('dev', 'acme', 'shared')).toBe('agentfoundry/dev/acme/shared/');
    const other = buildSecretId({ env: 'dev', orgId: 'acme-corp', secretName: 'github_token' });
    expect(other.startsWith(orgPrefix('dev', 'acme'))).toBe(false);
  });

  it('validate their segments', () => {
    validationError(() => orgPrefix('dev', '../x'));
    validationError(() => orgPrefix('qa' as Env, 'acme'));
    validationError(() => domainPrefix('dev', 'acme', 'a/b'));
  });
});

describe('zod segment schemas', () => {
  const schemas: Record<IdSegment, typeof orgIdSchema> = { orgId: orgIdSchema, domainId: domainIdSchema, secretName: secretNameSchema };

  it('accept and refuse exactly what nameSegmentProblem does, with its message', () => {
    for (const [segment, schema] of Object.entries(schemas) as [IdSegment, typeof orgIdSchema][]) {
      fc.assert(
        fc.property(fc.oneof(validName, hostileString), (value) => {
          const problem = nameSegmentProblem(segment, value);
          const result = schema.safeParse(value);
          expect(result.success).toBe(problem === null);
          if (!result.success) expect(result.error.issues.map((i) => i.message)).toEqual([problem]);
        }),
        { numRuns: 300 },
      );
    }
    expect(envSchema.safeParse('dev').success).toBe(true);
    expect(envSchema.safeParse('DEV').success).toBe(false);
  });

  it('document their alphabet with a JSON-Schema pattern that agrees with the rule', () => {
    const pattern = new RegExp(SEGMENT_PATTERN);
    fc.assert(
      fc.property(fc.oneof(validOrg, hostileString), (value) => {
        fc.pre(value.length >= 1 && value.length <= 64);
        expect(pattern.test(value)).toBe(nameSegmentProblem('orgId', value) === null);
      }),
      { numRuns: 500 },
    );
  });

  it('describe each rule for the UI', () => {
    expect(describeNameRule('orgId')).toContain('64');
    expect(describeNameRule('secretName')).toContain('128');
    expect(describeNameRule('secretName')).toContain('six');
    expect(describeNameRule('env')).toBe('One of dev, staging, prod.');
  });
});
