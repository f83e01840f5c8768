import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/shared/loopback';
import { reviewProfileChange } from '../../src/shared/profile-change';
import type { Profile } from '../../src/shared/profiles';

const local: Profile = { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1' };
const aws: Profile = { kind: 'aws', id: 'staging', name: 'Staging', env: 'staging', readOnly: true, awsProfile: 'acme-staging' };

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s cannot leave the machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['localstack', 'ls.localhost', 'localhost.evil.example', '128.0.0.1', '10.0.0.1', '[::2]', 'localhost.localstack.cloud', '0.0.0.0', '127.0.0.1.nip.io'])('%s may', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
  it('sees through the numeric forms URL normalises (2130706433 is 127.0.0.1)', () => {
    expect(isLoopbackHost(new URL('http://2130706433:4566').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true);
  });
});

describe('reviewProfileChange', () => {
  it('asks about every new profile, listing where it writes', () => {
    const review = reviewProfileChange(undefined, local);
    expect(review).toMatchObject({ action: 'create', needsConfirmation: true, cleartextHost: null, forcedReadOnly: false, kindChanged: false });
    expect(review.changes).toEqual(['backend: localstack', 'endpoint: http://localhost:4566', 'region: us-east-1', 'env: dev', 'read-only: off']);
  });

  it('does not ask about a rename, or about turning read-only on', () => {
    expect(reviewProfileChange(local, { ...local, name: 'Renamed' }).needsConfirmation).toBe(false);
    expect(reviewProfileChange(local, { ...local, readOnly: true }).needsConfirmation).toBe(false);
  });

  it('asks about endpoint, region, AWS profile, env and read-only off, naming each', () => {
    expect(reviewProfileChange(local, { ...local, endpoint: 'https://ls.example.com' }).changes).toEqual(['endpoint: http://localhost:4566 → https://ls.example.com']);
    expect(reviewProfileChange(local, { ...local, region: 'eu-west-1' }).changes).toEqual(['region: us-east-1 → eu-west-1']);
    expect(reviewProfileChange(aws, { ...aws, awsProfile: 'other' }).changes).toEqual(['AWS profile: acme-staging → other']);
    expect(reviewProfileChange(aws, { ...aws, region: 'eu-west-1' }).changes).toEqual(['region: (from the AWS profile) → eu-west-1']);
    expect(reviewProfileChange(local, { ...local, env: 'staging' }).changes).toEqual(['env: dev → staging']);
    expect(reviewProfileChange(aws, { ...aws, readOnly: false }).changes).toEqual(['read-only: on → off (changes become possible)']);
  });

  it('flags a kind change (refused by main) instead of treating it as an edit', () => {
    const redirect: Profile = { kind: 'localstack', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false, endpoint: 'http://x.example', region: 'us-east-1' };
    expect(reviewProfileChange({ kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false }, redirect).kindChanged).toBe(true);
  });

  it('stores a profile that becomes prod read-only, new or moved', () => {
    expect(reviewProfileChange(undefined, { ...local, env: 'prod' })).toMatchObject({ forcedReadOnly: true, stored: { readOnly: true } });
    expect(reviewProfileChange(local, { ...local, env: 'prod' })).toMatchObject({ forcedReadOnly: true, stored: { readOnly: true } });
    const prod = { ...local, env: 'prod' as const, readOnly: true };
    expect(reviewProfileChange(prod, { ...prod, readOnly: false })).toMatchObject({ forcedReadOnly: false, needsConfirmation: true, stored: { readOnly: false } });
  });

  it('shows an endpoint as the URL parser sees it: a look-alike host in punycode', () => {
    const lookAlike = { ...local, endpoint: 'https://secretsmanager.us-east-1.amazonaws.c\u043em' };
    expect(reviewProfileChange(local, lookAlike).changes).toEqual(['endpoint: http://localhost:4566 → https://secretsmanager.us-east-1.amazonaws.xn--cm-fmc']);
  });

  it('names a new remote plain-http endpoint, and only a new one', () => {
    expect(reviewProfileChange(undefined, { ...local, endpoint: 'http://localstack:4566' }).cleartextHost).toBe('localstack:4566');
    expect(reviewProfileChange(local, { ...local, endpoint: 'http://10.0.0.5:4566' }).cleartextHost).toBe('10.0.0.5:4566');
    expect(reviewProfileChange(local, { ...local, endpoint: 'https://ls.example.com' }).cleartextHost).toBeNull();
    expect(reviewProfileChange(local, { ...local, endpoint: 'http://127.0.0.1:4566' }).cleartextHost).toBeNull();
    const remote = { ...local, endpoint: 'http://localstack:4566' };
    expect(reviewProfileChange(remote, { ...remote, name: 'Renamed' }).cleartextHost).toBeNull();
  });
});
