/**
 * Drift comparison cost at fleet sizes (prints numbers; not a test).
 * Run: node --import tsx bench/drift.bench.ts [--orgs=1000,10000] [--drift=0.05]
 *
 * Two sides of `orgs` orgs × 6–12 secrets (bench/fleet-fixtures.ts names), the right side a copy of
 * the left with a share of secrets changed (removed, scheduled, changed 40 days later, added).
 * Times the pure comparison (src/main/fleet/drift.ts), the contract check the router makes of the
 * answer (driftReportSchema; at most MAX_DRIFT_FINDINGS findings, as main sends), the answer's JSON size, and the CSV of every finding. The listing of
 * each side is bench/fleet.bench.ts's (the two sides are listed in parallel).
 */
import { compareFleets, DAY_MS } from '../src/main/fleet/drift';
import { driftCsv } from '../src/main/fleet/drift-export';
import { driftReportSchema, MAX_DRIFT_FINDINGS, type DriftReport } from '../src/shared/drift';
import type { FleetOrg } from '../src/shared/fleet';
import type { Profile } from '../src/shared/profiles';
import { fleetSecrets, orgIds } from './fleet-fixtures';
import { seededRandom } from './latency-proxy';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = arg('orgs', '1000,10000').split(',').map(Number).filter((n) => n > 0);
const driftShare = Number(arg('drift', '0.05'));
const T0 = Date.UTC(2026, 8, 1);

function sides(orgCount: number): { left: FleetOrg[]; right: FleetOrg[] } {
  const random = seededRandom(5);
  const byOrg = new Map<string, FleetOrg>();
  for (const { orgId, domainId, secretName } of fleetSecrets('dev', orgIds('natural', orgCount), 6, 12)) {
    const org = byOrg.get(orgId) ?? { orgId, secrets: [] };
    org.secrets.push({ domainId, secretName, hasValue: true, lastChangedAt: T0 + Math.floor(random() * 10) * DAY_MS });
    byOrg.set(orgId, org);
  }
  const left = [...byOrg.values()];
  const right = left.map((org) => ({
    orgId: org.orgId,
    secrets: org.secrets.flatMap((secret) => {
      if (random() >= driftShare) return [secret];
      const pick = random();
      if (pick < 0.25) return [];
      if (pick < 0.5) return [{ ...secret, deletionDate: T0 + 30 * DAY_MS }];
      if (pick < 0.75) return [{ ...secret, lastChangedAt: (secret.lastChangedAt ?? T0) + 40 * DAY_MS }];
      return [secret, { ...secret, secretName: `${secret.secretName}_extra` }];
    }),
  }));
  return { left, right };
}

const profile = (id: string, env: 'dev' | 'prod'): Profile => ({ kind: 'embedded', id, name: id, env, readOnly: false });
const time = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
};

console.log('   orgs  secrets/side  findings  compare ms  contract ms  answer KB  csv ms  csv KB');
for (const orgs of sizes) {
  const { left, right } = sides(orgs);
  const perSide = left.reduce((sum, org) => sum + org.secrets.length, 0);
  const [comparison, compareMs] = time(() => compareFleets(left, right, 30));
  const report: DriftReport = {
    requestId: '00000000-0000-4000-8000-000000000000',
    driftId: '00000000-0000-4000-8000-000000000001',
    state: 'complete',
    skewDays: 30,
    compared: comparison.compared,
    counts: comparison.counts,
    // As main answers: the first MAX_DRIFT_FINDINGS, `truncated` when there are more (the CSV has all).
    findings: comparison.findings.slice(0, MAX_DRIFT_FINDINGS),
    truncated: comparison.findings.length > MAX_DRIFT_FINDINGS,
    generatedAt: Date.now(),
  };
  const [, contractMs] = time(() => driftReportSchema.parse(report));
  const answerKb = Buffer.byteLength(JSON.stringify(report)) / 1024;
  const [csv, csvMs] = time(() => driftCsv(comparison.findings, { left: { profile: profile('local', 'dev'), env: 'dev' }, right: { profile: profile('aws', 'prod'), env: 'prod' } }));
  console.log(
    `${String(orgs).padStart(7)}  ${String(perSide).padStart(12)}  ${String(comparison.findings.length).padStart(8)}  ${compareMs.toFixed(1).padStart(10)}  ${contractMs.toFixed(1).padStart(11)}  ${answerKb.toFixed(0).padStart(9)}  ${csvMs.toFixed(1).padStart(6)}  ${(csv.csv.length / 1024).toFixed(0).padStart(6)}`,
  );
}
