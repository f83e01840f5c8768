/**
 * The fleet snapshot's rules that need no schema (fleet.ts has the schemas and re-exports these):
 * its states, which orgs are listed in full, the pending prefixes' bound, the stale policy's
 * default and the export's bound. Apart so the window's first screen (the coverage matrix) loads
 * no zod (tests/build/bundle-size.test.ts).
 */
export const FLEET_STATES = ['loading', 'complete', 'cancelled', 'failed'] as const;
export type FleetState = (typeof FLEET_STATES)[number];

/**
 * Pending prefixes sent with a batch at most. A big fleet can have more shards queued (1,000 orgs:
 * up to 290 prefixes, 2.5 kB); main coarsens them to fit (coarsenPending), so a batch stays small
 * whatever the fleet's size.
 */
export const MAX_PENDING_PREFIXES = 256;
/**
 * Whether every secret of an org has been listed, given the prefixes still pending. Shards split
 * the name space by prefix, so an org's secrets (`{orgId}/…`) can only lie under a pending prefix
 * that is an ancestor of `{orgId}/` (a shard of many orgs) or below it (a shard inside the org).
 * Built once per header: a look-up per org, not a scan of every prefix (10,000 orgs).
 */
export function orgListedTest(pendingPrefixes: readonly string[]): (orgId: string) => boolean {
  if (pendingPrefixes.length === 0) return () => true;
  const above = new Set<string>();
  const inside = new Set<string>();
  for (const prefix of pendingPrefixes) {
    const slash = prefix.indexOf('/');
    if (slash < 0) above.add(prefix);
    else inside.add(prefix.slice(0, slash));
  }
  return (orgId) => {
    if (inside.has(orgId)) return false;
    for (let length = 0; length <= orgId.length; length += 1) if (above.has(orgId.slice(0, length))) return false;
    return true;
  };
}

/**
 * At most `max` prefixes that cover at least what `prefixes` cover: the longest are cut by a
 * character until they fit (and those a shorter one covers dropped). Coarser only ever flags more
 * orgs as not listed yet, never fewer: a batch may hold back an org a little longer, never call
 * one listed too soon.
 */
export function coarsenPending(prefixes: readonly string[], max: number = MAX_PENDING_PREFIXES): string[] {
  const withoutCovered = (items: Iterable<string>): string[] => {
    const sorted = [...new Set(items)].sort();
    const out: string[] = [];
    // Sorted, a prefix comes right before the names it covers: one pass drops them.
    for (const item of sorted) if (out.length === 0 || !item.startsWith(out[out.length - 1] as string)) out.push(item);
    return out;
  };
  let current = withoutCovered(prefixes);
  while (current.length > Math.max(1, max)) {
    const longest = Math.max(...current.map((prefix) => prefix.length));
    current = withoutCovered(current.map((prefix) => (prefix.length === longest ? prefix.slice(0, -1) : prefix)));
  }
  return current;
}

/** A secret last changed longer ago than this many days is "stale", unless settings say otherwise. */
export const DEFAULT_STALE_AFTER_DAYS = 90;

/** Org rows one CSV export may hold. */
export const MAX_EXPORTED_ORGS = 20_000;
