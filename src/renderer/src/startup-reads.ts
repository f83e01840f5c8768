/**
 * Sends the window's start-up reads the moment its script starts, before React and the screens
 * are evaluated. Main answers them while the window is still evaluating the rest of its
 * bundle (100–200 ms on a 2-core machine), so the store's first calls find their answers waiting
 * instead of starting a round trip only when the script is done. When the org list arrives, the
 * first org's shared secrets are asked for too: that is the org the store opens first — or at once,
 * with the other reads, when the first org of the last start is remembered (see FIRST_ORG_KEY).
 *
 * Only reads that change nothing; each raw answer is handed once, to the first call of its channel,
 * and only if that call has the same input (a channel's first call closes it: no later call can
 * get a start-up answer, which may be stale by then), and still goes through api.ts's parsing like any other answer (the org id
 * read here from the unparsed answer is only an input to a read, which main validates). `loadFleet`
 * is not here: it streams events, and the store subscribes to them before it asks.
 *
 * This module imports nothing at run time and is built into a chunk of its own that the entry
 * imports first (electron.vite.config.ts), so it runs before everything else.
 */
import type { ChannelName } from '../../shared/contract';

const STARTUP_READS = ['listProfiles', 'listOrgs', 'listCatalog', 'getKeyCheckSettings', 'getFleetSettings'] as const satisfies readonly ChannelName[];
/** The domain an org opens on (DEFAULT_DOMAIN_ID; not imported, to keep this module dependency-free). */
const FIRST_DOMAIN = 'shared';

/**
 * Where the id of the first org of the last org list is kept (an id, never a value). The window
 * opens on that org, and it is the same one from one start to the next: its secrets can be asked
 * for with the other reads instead of after the org list (whose answer waits for the page's main
 * thread, busy evaluating the app: 70 ms on a quiet 2-core machine, 300 ms on a busy one).
 */
const FIRST_ORG_KEY = 'foundry.firstOrgId';
/** An org id's shape (naming.ts has the full rule; main checks it again): anything else in storage is ignored. */
const ORG_ID_SHAPE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Storage may be unavailable or refuse (a sandboxed page): the reads then start as without it. */
function rememberedFirstOrg(): string | undefined {
  try {
    const orgId = localStorage.getItem(FIRST_ORG_KEY);
    return orgId !== null && ORG_ID_SHAPE.test(orgId) ? orgId : undefined;
  } catch {
    return undefined;
  }
}

function rememberFirstOrg(orgId: string): void {
  try {
    localStorage.setItem(FIRST_ORG_KEY, orgId);
  } catch {
    // Only the next start is slower.
  }
}

/** Every channel a start-up answer may exist for. */
const ANSWERED: ReadonlySet<ChannelName> = new Set<ChannelName>([...STARTUP_READS, 'listSecretStatus']);
const answers = new Map<string, Promise<unknown>>();
/** Channels already called once: their start-up answers are used or dropped. */
const closed = new Set<ChannelName>();
const keyOf = (channel: ChannelName, input: unknown): string => `${channel} ${JSON.stringify(input)}`;

/** The first org id in a raw listOrgs answer ({ ok: true, value: { orgs: [{ orgId }] } }), if any. */
function firstOrgId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('value' in raw)) return undefined;
  const value: unknown = raw.value;
  if (typeof value !== 'object' || value === null || !('orgs' in value) || !Array.isArray(value.orgs)) return undefined;
  const first: unknown = value.orgs[0];
  return typeof first === 'object' && first !== null && 'orgId' in first && typeof first.orgId === 'string' ? first.orgId : undefined;
}

function remember(channel: ChannelName, input: unknown, answer: Promise<unknown>): void {
  answer.catch(() => undefined); // a failure is reported to the call that takes it, not as unhandled
  if (!closed.has(channel)) answers.set(keyOf(channel, input), answer);
}

/** Sends the reads. Idempotent; without a bridge (a test page, a broken preload) it does nothing. */
export function sendStartupReads(): void {
  const bridge = typeof window === 'undefined' ? undefined : window.foundry;
  if (!bridge || answers.size > 0 || closed.size > 0) return;
  for (const channel of STARTUP_READS) remember(channel, {}, bridge[channel]({}));
  const guess = rememberedFirstOrg();
  if (guess !== undefined) remember('listSecretStatus', { orgId: guess, domainId: FIRST_DOMAIN }, bridge.listSecretStatus({ orgId: guess, domainId: FIRST_DOMAIN }));
  void answers.get(keyOf('listOrgs', {}))?.then((raw) => {
    const orgId = firstOrgId(raw);
    if (orgId === undefined || orgId === guess) return;
    rememberFirstOrg(orgId);
    // A wrong guess costs one read; its answer is dropped when the store asks for this org.
    remember('listSecretStatus', { orgId, domainId: FIRST_DOMAIN }, bridge.listSecretStatus({ orgId, domainId: FIRST_DOMAIN }));
  });
}

/** The start-up answer for this call, once (any later call goes to main), or undefined. */
export function takeStartupAnswer(channel: ChannelName, input: unknown): Promise<unknown> | undefined {
  // Before anything else: other channels' inputs (a value being written) are never even looked at.
  if (!ANSWERED.has(channel) || closed.has(channel)) return undefined;
  closed.add(channel);
  const answer = answers.get(keyOf(channel, input));
  for (const key of [...answers.keys()]) if (key.startsWith(`${channel} `)) answers.delete(key);
  return answer;
}

sendStartupReads();
