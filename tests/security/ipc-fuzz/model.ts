/**
 * Stateful fuzzing: profile, org and secret calls interleaved (fc.commands), each checked against a
 * small model of what the app must then hold. Ids come from tiny pools that include `constructor`
 * and `prototype`, so sequences keep meeting their own state: a profile saved, selected, written
 * through, removed and created again; an org added under one profile and looked for under another.
 *
 * The model knows only what it has seen: it starts from the app's profile list, and a secret or an
 * org list it has not observed yet is `unknown` (anything goes, and the answer teaches it). Every
 * answer also passes answer-checks (no INTERNAL, declared shape, no canary).
 */
import fc from 'fast-check';
import { ERROR_CODES } from '../../../src/shared/errors';
import { buildSecretId } from '../../../src/shared/naming';
import type { OrgList, Profile, ProfileList, SecretStatus } from '../../../src/shared/contract';
import type { IpcResult } from '../../../src/shared/contract';
import { canaryText } from './canary';
import type { FuzzHarness } from './harness';

/** How main answers a change the person did not confirm: ACCESS_DENIED today, or a code of its own if one is added. */
const UNCONFIRMED_CODES: readonly string[] = ERROR_CODES.filter((code) => code === 'ACCESS_DENIED' || code.includes('CONFIRM'));

export const MODEL_PROFILE_IDS = ['embedded', 'p1', 'constructor', 'prototype', 'tostring'] as const;
const ORG_IDS = ['acme', 'constructor', 'prototype'] as const;
const DOMAIN_IDS = ['shared', 'constructor'] as const;
const SECRET_NAMES = ['openai_api_key', 'constructor', 'custom_key'] as const;

type SecretState = 'configured' | 'scheduled' | 'absent';
type Ref = { orgId: string; domainId: string; secretName: string };

export interface Model {
  profiles: Map<string, Profile>;
  activeId: string;
  /** Orgs added by hand, per profile id; absent: not observed yet. */
  addedOrgs: Map<string, Set<string>>;
  /** Own state of a secret, by backend and secret id; absent: not observed yet. */
  secrets: Map<string, SecretState>;
}

/**
 * The model of the app as it is now (sequences share one app: profiles persist from run to run).
 * Each sequence starts on the embedded profile, so a shrunk counterexample reads on its own.
 */
export async function startSequence(h: FuzzHarness): Promise<{ model: Model; real: FuzzHarness }> {
  let list = await h.ok('listProfiles', {});
  if (list.activeId !== 'embedded') {
    if (!list.profiles.some((p) => p.id === 'embedded')) {
      h.person.approveAll = true;
      await h.ok('saveProfile', { profile: { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false } }).finally(() => {
        h.person.approveAll = false;
      });
    }
    list = await h.ok('selectProfile', { id: 'embedded' });
  }
  return { model: { profiles: new Map(list.profiles.map((p) => [p.id, p])), activeId: list.activeId, addedOrgs: new Map(), secrets: new Map() }, real: h };
}

/** Where a profile's secrets live: the one embedded vault, the stand-in, or nowhere reachable. */
function backendOf(profile: Profile, standinEndpoint: string): 'embedded' | 'standin' | 'unreachable' {
  if (profile.kind === 'embedded') return 'embedded';
  if (profile.kind === 'localstack' && profile.endpoint === standinEndpoint) return 'standin';
  return 'unreachable';
}

/** JSON with sorted keys (profiles are flat): equal data, whatever the key order. */
const canon = (value: object): string => JSON.stringify(value, Object.keys(value).sort());

function fail(what: string, expected: string, result: IpcResult<unknown>): never {
  const got = result.ok ? 'ok' : `${result.error.code} (${result.error.message})`;
  throw new Error(`${what}: expected ${expected}, got ${got}`);
}

function expectCode(what: string, result: IpcResult<unknown>, ...codes: string[]): void {
  if (result.ok || !codes.includes(result.error.code)) fail(what, codes.join(' or '), result);
}

/** The profile list answered must be exactly the model's (ids, kinds, stored fields, active one). */
function checkProfiles(what: string, m: Model, list: ProfileList): void {
  const got = [...list.profiles].sort((a, b) => a.id.localeCompare(b.id)).map(canon).join();
  const want = [...m.profiles.values()].sort((a, b) => a.id.localeCompare(b.id)).map(canon).join();
  if (got !== want || list.activeId !== m.activeId) throw new Error(`${what}: the profile list is not what was saved (active ${list.activeId}, expected ${m.activeId})`);
}

function addedIn(list: OrgList): Set<string> {
  return new Set(list.orgs.filter((org) => org.added).map((org) => org.orgId));
}

/** Compares the orgs added by hand with the model (when known), then learns them. */
function checkAdded(what: string, m: Model, profileId: string, list: OrgList): void {
  const known = m.addedOrgs.get(profileId);
  const got = addedIn(list);
  if (known && [...known].sort().join() !== [...got].sort().join()) {
    throw new Error(`${what}: orgs added under profile ${profileId} are [${[...got].join(', ')}], expected [${[...known].join(', ')}]`);
  }
  m.addedOrgs.set(profileId, got);
}

const active = (m: Model): Profile => {
  const profile = m.profiles.get(m.activeId);
  if (!profile) throw new Error('model: the active profile is missing');
  return profile;
};

type Command = fc.AsyncCommand<Model, FuzzHarness>;

/**
 * Runs a command's body; a failure names the active profile too, since sequences share one app and
 * a shrunk counterexample may start where an earlier one left off.
 */
async function inContext(m: Model, body: () => Promise<void>): Promise<void> {
  const profile = m.profiles.get(m.activeId);
  try {
    await body();
  } catch (error) {
    const where = profile ? `active profile ${profile.id} (${profile.kind}, ${profile.env}${profile.readOnly ? ', read-only' : ''})` : 'no active profile';
    throw new Error(`${error instanceof Error ? error.message : String(error)} — ${where}`, { cause: error });
  }
}

class SaveProfile implements Command {
  constructor(readonly profile: Profile) {}
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    const before = m.profiles.get(this.profile.id);
    const result = await h.call('saveProfile', { profile: this.profile });
    if (before && before.kind !== this.profile.kind) return expectCode(`${this}`, result, 'VALIDATION');
    if (!result.ok) {
      // Declined at main's confirmation (endpoints here are loopback: no cleartext refusal); nothing changed.
      expectCode(`${this}`, result, ...UNCONFIRMED_CODES);
      return checkProfiles(`${this} (refused)`, m, (await h.ok('listProfiles', {})) as ProfileList);
    }
    const list = result.value as ProfileList;
    const stored = list.profiles.find((p) => p.id === this.profile.id);
    if (!stored) throw new Error(`${this}: answered ok without the profile`);
    const becameProd = this.profile.env === 'prod' && before?.env !== 'prod';
    const expected = becameProd ? { ...this.profile, readOnly: true } : this.profile;
    if (canon(stored) !== canon(expected)) throw new Error(`${this}: stored ${canon(stored)}`);
    m.profiles.set(stored.id, stored);
    checkProfiles(`${this}`, m, list);
  }
  toString = () => `saveProfile(${this.profile.id}: ${this.profile.kind} ${this.profile.env}${this.profile.readOnly ? ' read-only' : ''})`;
}

class RemoveProfile implements Command {
  constructor(readonly id: string) {}
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    const result = await h.call('removeProfile', { id: this.id });
    if (!m.profiles.has(this.id)) return expectCode(`${this}`, result, 'NOT_FOUND');
    if (m.activeId === this.id || m.profiles.size === 1) return expectCode(`${this}`, result, 'VALIDATION');
    if (!result.ok) fail(`${this}`, 'ok', result);
    m.profiles.delete(this.id);
    // Whether the orgs added under a removed id come back with a new profile of that id is not promised.
    m.addedOrgs.delete(this.id);
    checkProfiles(`${this}`, m, result.value as ProfileList);
  }
  toString = () => `removeProfile(${this.id})`;
}

class SelectProfile implements Command {
  constructor(readonly id: string) {}
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    const result = await h.call('selectProfile', { id: this.id });
    if (!m.profiles.has(this.id)) return expectCode(`${this}`, result, 'NOT_FOUND');
    if (!result.ok) fail(`${this}`, 'ok', result);
    m.activeId = this.id;
    checkProfiles(`${this}`, m, result.value as ProfileList);
  }
  toString = () => `selectProfile(${this.id})`;
}

/** addOrg, removeOrg and listOrgs: the list must hold exactly the orgs added under the active profile. */
class OrgCall implements Command {
  constructor(
    readonly kind: 'addOrg' | 'removeOrg' | 'listOrgs',
    readonly orgId: string,
  ) {}
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    const profile = active(m);
    const reachable = backendOf(profile, h.pools.standinEndpoint) !== 'unreachable';
    const known = m.addedOrgs.get(profile.id);
    const result = await h.call(this.kind, this.kind === 'listOrgs' ? {} : { orgId: this.orgId });
    // A read-only profile changes nothing, its list of organizations added by hand included.
    if (this.kind !== 'listOrgs' && profile.readOnly) return expectCode(`${this}`, result, 'READ_ONLY_PROFILE');
    if (this.kind === 'removeOrg' && known && !known.has(this.orgId)) return expectCode(`${this}`, result, 'NOT_FOUND');
    if (!reachable) {
      // The change is made (settings), but listing the orgs from the backend fails: learn again later.
      if (result.ok) fail(`${this} on ${profile.kind} profile ${profile.id}`, 'a backend error', result);
      m.addedOrgs.delete(profile.id);
      return;
    }
    if (!result.ok) {
      if (this.kind === 'removeOrg' && !known) return expectCode(`${this}`, result, 'NOT_FOUND');
      fail(`${this} on profile ${profile.id}`, 'ok', result);
    }
    const list = result.value as OrgList;
    if (list.env !== profile.env) throw new Error(`${this}: listed env ${list.env} for a ${profile.env} profile`);
    if (known && this.kind === 'addOrg') known.add(this.orgId);
    if (known && this.kind === 'removeOrg') known.delete(this.orgId);
    checkAdded(`${this} on profile ${profile.id}`, m, profile.id, list);
  }
  toString = () => (this.kind === 'listOrgs' ? 'listOrgs()' : `${this.kind}(${this.orgId})`);
}

/** writeSecret, removeSecret, restoreSecret and getSecretStatus on one ref, through the active profile. */
class SecretCall implements Command {
  constructor(
    readonly kind: 'write' | 'schedule' | 'force' | 'restore' | 'status',
    readonly ref: Ref,
    readonly value: string,
  ) {}
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    const profile = active(m);
    const backend = backendOf(profile, h.pools.standinEndpoint);
    const key = `${backend}|${buildSecretId({ env: profile.env, ...this.ref })}`;
    const state = m.secrets.get(key);
    const result = await this.send(h);
    const what = `${this} through ${profile.kind} profile ${profile.id}`;
    if (backend === 'unreachable') {
      if (result.ok) fail(what, 'a backend error', result);
      return;
    }
    if (state === undefined && !result.ok && result.error.code === 'NOT_FOUND') m.secrets.set(key, 'absent');
    if (this.kind !== 'status' && profile.readOnly) return expectCode(what, result, 'READ_ONLY_PROFILE');
    const own = (status: SecretStatus): SecretState =>
      status.state === 'configured' ? 'configured' : status.state === 'scheduled-for-deletion' ? 'scheduled' : 'absent';
    switch (this.kind) {
      case 'write':
        if (state === 'scheduled') return expectCode(what, result, 'SCHEDULED_FOR_DELETION');
        if (!result.ok) {
          if (state === undefined && result.error.code === 'SCHEDULED_FOR_DELETION') return void m.secrets.set(key, 'scheduled');
          fail(what, 'ok', result);
        }
        if (state !== undefined && (result.value as { created: boolean }).created !== (state === 'absent')) throw new Error(`${what}: created is wrong for a secret that was ${state}`);
        m.secrets.set(key, 'configured');
        return;
      case 'schedule':
      case 'force':
      case 'restore':
        if (state === 'absent') return expectCode(what, result, 'NOT_FOUND');
        if (!result.ok) {
          // Scheduling one already scheduled: AWS refuses; what the app answers is its choice, but typed.
          if (state === 'scheduled' || state === undefined) return;
          fail(what, 'ok', result);
        }
        m.secrets.set(key, this.kind === 'force' ? 'absent' : own(result.value as SecretStatus));
        if (this.kind === 'restore' && own(result.value as SecretStatus) !== 'configured') throw new Error(`${what}: not configured after a restore`);
        if (this.kind === 'schedule' && own(result.value as SecretStatus) !== 'scheduled') throw new Error(`${what}: not scheduled after scheduling`);
        return;
      case 'status': {
        if (!result.ok) fail(what, 'ok', result);
        const seen = own(result.value as SecretStatus);
        if (state !== undefined && seen !== state) throw new Error(`${what}: the secret is ${seen}, expected ${state}`);
        m.secrets.set(key, seen);
        return;
      }
    }
  }
  private send(h: FuzzHarness): Promise<IpcResult<unknown>> {
    switch (this.kind) {
      case 'write':
        return h.call('writeSecret', { ...this.ref, value: this.value });
      case 'schedule':
        return h.call('removeSecret', { ...this.ref, mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
      case 'force':
        return h.call('removeSecret', { ...this.ref, mode: { kind: 'force' } });
      case 'restore':
        return h.call('restoreSecret', this.ref);
      case 'status':
        return h.call('getSecretStatus', this.ref);
    }
  }
  toString = () => `${this.kind}(${this.ref.orgId}/${this.ref.domainId}/${this.ref.secretName})`;
}

/** A restart: what was saved must come back as it was. */
class Restart implements Command {
  check = () => true;
  run = (m: Model, h: FuzzHarness) => inContext(m, () => this.body(m, h));
  private async body(m: Model, h: FuzzHarness): Promise<void> {
    await h.restart();
    checkProfiles('after a restart', m, await h.ok('listProfiles', {}));
  }
  toString = () => 'restart()';
}

export function modelCommands(pools: { standinEndpoint: string; closedEndpoint: string }): fc.Arbitrary<Iterable<Command>> {
  const profileId = fc.constantFrom(...MODEL_PROFILE_IDS);
  const orgId = fc.constantFrom(...ORG_IDS);
  const ref = fc.record({ orgId, domainId: fc.constantFrom(...DOMAIN_IDS), secretName: fc.constantFrom(...SECRET_NAMES) });
  const base = { id: profileId, name: fc.constantFrom('Fuzz', 'ünïcödé'), env: fc.constantFrom('dev', 'staging', 'prod' as const), readOnly: fc.boolean() };
  const profile: fc.Arbitrary<Profile> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('embedded' as const), ...base }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('localstack' as const),
        ...base,
        endpoint: fc.constantFrom(pools.standinEndpoint, pools.standinEndpoint, pools.closedEndpoint),
        region: fc.constant('us-east-1'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('aws' as const), ...base, awsProfile: fc.constant('fuzz-missing') }) },
  );
  const save = profile.map((p): Command => new SaveProfile(p));
  const remove = profileId.map((id): Command => new RemoveProfile(id));
  const select = profileId.map((id): Command => new SelectProfile(id));
  const org = fc.tuple(fc.constantFrom('addOrg', 'removeOrg', 'listOrgs' as const), orgId).map(([kind, id]): Command => new OrgCall(kind, id));
  const secret = fc
    .tuple(fc.constantFrom('write', 'write', 'schedule', 'force', 'restore', 'status', 'status' as const), ref, canaryText)
    .map(([kind, r, value]): Command => new SecretCall(kind, r, value));
  // fc.commands picks among its arbitraries evenly: repeats set the mix (a restart costs the most).
  return fc.commands([save, save, save, remove, remove, select, select, select, org, org, org, org, secret, secret, secret, secret, secret, fc.constant(new Restart())], {
    maxCommands: 40,
    // 'medium': sequences of about ten to forty calls, long enough to meet their own state.
    size: 'medium',
  });
}
