/**
 * A new profile starts from the kind of the profile in use (issue 13, first run): someone on
 * LocalStack adding a staging profile gets LocalStack, at the same endpoint and region, not the
 * form's fixed default. Who it is, its env and read-only never carry over.
 */
import { describe, expect, it } from 'vitest';
import type { Profile, ProfileList } from '../../src/shared/profiles';
import { newDraft } from '../../src/renderer/src/features/profiles/profile-draft';

const DEFAULTS = { localstackEndpoint: 'http://localhost:4566', region: 'us-east-1' };
const EMBEDDED: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
const LOCALSTACK: Profile = { kind: 'localstack', id: 'ls-prod', name: 'LS prod', env: 'prod', readOnly: true, endpoint: 'http://127.0.0.1:4599', region: 'eu-west-1' };
const AWS: Profile = { kind: 'aws', id: 'acct', name: 'Account', env: 'staging', readOnly: true, awsProfile: 'foundry-admin', region: 'eu-central-1' };

function listWith(active: Profile): ProfileList {
  return { profiles: [EMBEDDED, LOCALSTACK, AWS], activeId: active.id, awsProfiles: ['foundry-admin'], warnings: [], defaults: DEFAULTS };
}

const FRESH = { name: '', id: '', env: 'dev', readOnly: false };

describe('newDraft', () => {
  it('starts as an embedded vault profile when the embedded vault is in use', () => {
    expect(newDraft(listWith(EMBEDDED))).toEqual({ ...FRESH, kind: 'embedded', endpoint: DEFAULTS.localstackEndpoint, region: DEFAULTS.region, awsProfile: '', awsRegion: '' });
  });

  it('starts as LocalStack at the endpoint and region in use, as a fresh dev profile, when LocalStack is in use', () => {
    expect(newDraft(listWith(LOCALSTACK))).toEqual({ ...FRESH, kind: 'localstack', endpoint: 'http://127.0.0.1:4599', region: 'eu-west-1', awsProfile: '', awsRegion: '' });
  });

  it('starts as AWS in the region in use, with the AWS profile left to choose, when AWS is in use', () => {
    expect(newDraft(listWith(AWS))).toEqual({ ...FRESH, kind: 'aws', endpoint: DEFAULTS.localstackEndpoint, region: DEFAULTS.region, awsProfile: '', awsRegion: 'eu-central-1' });
  });

  it('falls back to LocalStack with the defaults when the active id matches no profile', () => {
    expect(newDraft({ ...listWith(EMBEDDED), activeId: 'gone' })).toEqual({ ...FRESH, kind: 'localstack', endpoint: DEFAULTS.localstackEndpoint, region: DEFAULTS.region, awsProfile: '', awsRegion: '' });
  });
});
