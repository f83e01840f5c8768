import type { Profile } from '../../../../shared/contract';

const KIND_LABELS = { embedded: 'Embedded vault', localstack: 'LocalStack', aws: 'AWS Secrets Manager' } as const;

export function kindLabel(profile: Profile): string {
  return KIND_LABELS[profile.kind];
}

/** Where the profile's secrets live, in a few words. */
export function whereLabel(profile: Profile): string {
  switch (profile.kind) {
    case 'embedded':
      return 'Built-in, on this computer';
    case 'localstack':
      return `${profile.endpoint} · ${profile.region}`;
    case 'aws':
      return `AWS profile ${profile.awsProfile}${profile.region ? ` · ${profile.region}` : ''}`;
  }
}
