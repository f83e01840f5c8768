/**
 * Heap held by the drift reports main keeps for export (prints numbers; not a test).
 * Run: node --expose-gc --import tsx bench/drift-memory.bench.ts [--findings=300000]
 * (one size per run: a later size's baseline still counts heap the earlier size's run left to V8)
 *
 * Five comparisons in a row, each finding `findings` secrets missing on one side (a synthetic
 * listing of that many secrets on the left, none on the right: the listing itself is
 * bench/fleet.bench.ts's). Prints after each comparison the findings sent in the answer, whether it
 * says `truncated`, and the heap still held once garbage is collected: the kept reports stay within
 * MAX_KEPT_DRIFT_FINDINGS findings together (the newest whole), however many comparisons run.
 */
import { createDriftService, MAX_KEPT_DRIFT_FINDINGS } from '../src/main/fleet/drift-service';
import type { FleetListing } from '../src/main/fleet/list';
import type { ListedSecret } from '../src/main/secrets/listing';
import type { Profile } from '../src/shared/profiles';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = arg('findings', '300000').split(',').map(Number).filter((n) => n > 0);
const gc = (globalThis as { gc?: () => void }).gc;
const T0 = new Date(Date.UTC(2026, 0, 1));
const profile: Profile = { kind: 'embedded', id: 'local', name: 'Local', env: 'dev', readOnly: false };

function listingOf(count: number): FleetListing {
  return async ({ env, onProgress }) => {
    if (env !== 'dev') return;
    const secrets: ListedSecret[] = [];
    for (let i = 0; i < count; i += 1) {
      const orgId = `org-${String(Math.floor(i / 10)).padStart(6, '0')}`;
      const secretName = `key_${i % 10}`;
      const secretId = `agentfoundry/dev/${orgId}/shared/${secretName}`;
      secrets.push({ id: { secretId, env: 'dev', orgId, domainId: 'shared', secretName }, meta: { name: secretId, lastChangedAt: T0, stages: { v1: ['AWSCURRENT'] } } });
    }
    onProgress({ secrets } as unknown as Parameters<typeof onProgress>[0]);
  };
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with --expose-gc for exact heap figures)');
  console.log(`kept findings bound: ${MAX_KEPT_DRIFT_FINDINGS}`);
  console.log('findings/run  run  sent     truncated  heap held MB');
  for (const count of sizes) {
    // The client is never used: the listing is synthetic.
    const drift = createDriftService({ profileById: () => profile, fleet: { complete: () => undefined }, clientFor: async () => ({}) as never, list: listingOf(count) });
    gc?.();
    const base = process.memoryUsage().heapUsed;
    for (let run = 1; run <= 5; run += 1) {
      const report = await drift.compare({ requestId: crypto.randomUUID(), left: { profileId: 'local' }, right: { profileId: 'local', env: 'prod' }, skewDays: 30, refresh: true });
      gc?.();
      const held = (process.memoryUsage().heapUsed - base) / 1e6;
      console.log(`${String(count).padStart(12)}  ${run}    ${String(report.findings.length).padStart(7)}  ${String(report.truncated).padEnd(9)}  ${held.toFixed(0).padStart(12)}`);
    }
    drift.close();
  }
}

void main();
