/**
 * What saving a profile changes, and whether the person must confirm it outside the window.
 *
 * A profile decides where the next typed value is sent. Script running in the renderer could
 * otherwise re-point the active profile at its own server (a cleartext one included) and wait for
 * the next write, so main asks the person before any change of *where* or *under which env* a
 * profile writes, and before read-only is turned off. Main decides; the renderer uses the same
 * review only to say in advance that a confirmation will come.
 */
import { isLoopbackHost } from './loopback';
import type { Profile } from './profiles';

export interface ProfileChangeReview {
  readonly action: 'create' | 'update';
  /** The profile as it will be stored (a new prod profile starts read-only, whatever was asked). */
  readonly stored: Profile;
  /** One line per change the person is asked about (field: before → after). */
  readonly changes: readonly string[];
  readonly needsConfirmation: boolean;
  /** The LocalStack endpoint is new and leaves this machine over plain http: only an explicit allowance saves it. */
  readonly cleartextHost: string | null;
  /** Saved read-only although the request asked otherwise (a profile that becomes prod). */
  readonly forcedReadOnly: boolean;
  /** A saved profile's kind never changes: the save is refused. */
  readonly kindChanged: boolean;
}

function cleartextRemoteHost(endpoint: string): string | null {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? url.host : null;
  } catch {
    return null; // the schema refuses it before this matters
  }
}

/** As the URL parser sees it: an international host in punycode, so a look-alike cannot pass for another host. */
function shownUrl(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return url.pathname === '/' ? url.origin : url.href;
  } catch {
    return endpoint;
  }
}

function whereOf(profile: Profile): Record<string, string> {
  switch (profile.kind) {
    case 'embedded':
      return {};
    case 'localstack':
      return { endpoint: shownUrl(profile.endpoint), region: profile.region };
    case 'aws':
      return { 'AWS profile': profile.awsProfile, region: profile.region ?? '(from the AWS profile)' };
  }
}

export function reviewProfileChange(before: Profile | undefined, requested: Profile): ProfileChangeReview {
  const becomesProd = requested.env === 'prod' && before?.env !== 'prod';
  const forcedReadOnly = becomesProd && !requested.readOnly;
  const stored: Profile = forcedReadOnly ? { ...requested, readOnly: true } : requested;
  const after = whereOf(stored);
  const endpointIsNew = stored.kind === 'localstack' && (before?.kind !== 'localstack' || before.endpoint !== stored.endpoint);
  const cleartextHost = endpointIsNew && stored.kind === 'localstack' ? cleartextRemoteHost(stored.endpoint) : null;

  if (!before) {
    const changes = [`backend: ${stored.kind}`, ...Object.entries(after).map(([field, value]) => `${field}: ${value}`), `env: ${stored.env}`, `read-only: ${stored.readOnly ? 'on' : 'off'}`];
    return { action: 'create', stored, changes, needsConfirmation: true, cleartextHost, forcedReadOnly, kindChanged: false };
  }
  if (before.kind !== stored.kind) {
    return { action: 'update', stored, changes: [`backend: ${before.kind} → ${stored.kind}`], needsConfirmation: true, cleartextHost, forcedReadOnly, kindChanged: true };
  }
  const previous = whereOf(before);
  const changes = Object.entries(after)
    .filter(([field, value]) => previous[field] !== value)
    .map(([field, value]) => `${field}: ${previous[field] ?? '(none)'} → ${value}`);
  if (before.env !== stored.env) changes.push(`env: ${before.env} → ${stored.env}`);
  if (before.readOnly && !stored.readOnly) changes.push('read-only: on → off (changes become possible)');
  return { action: 'update', stored, changes, needsConfirmation: changes.length > 0, cleartextHost, forcedReadOnly, kindChanged: false };
}

/** A standing reminder for each profile whose values travel unencrypted to another machine. */
export function cleartextWarnings(profiles: readonly Profile[]): string[] {
  return profiles.flatMap((profile) => {
    const host = profile.kind === 'localstack' ? cleartextRemoteHost(profile.endpoint) : null;
    return host ? [`Profile "${profile.name}" sends values to ${host} over plain http (not this machine): use an https:// endpoint unless that network is yours.`] : [];
  });
}
