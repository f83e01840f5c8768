/** The run of `fleet`: the app's sharded listing into FleetOrgs, then the app's coverage rules. */
import { cellOf, cellWord, cellWordSaysStale, COVERAGE_COLUMNS, coverageOf, indexOrg } from '../../shared/coverage';
import type { FleetOrg, FleetSecret } from '../../shared/fleet';
import { DEFAULT_DOMAIN_ID } from '../../shared/naming';
import { coverageCsv } from '../../main/fleet/export';
import { listFleet } from '../../main/fleet/list';
import { toFleetSecret } from '../../main/fleet/service';
import { onBackend, openBackend, type BackendChoice } from '../backend';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson, formatTable } from '../output';

export interface FleetOptions {
  readonly backend: BackendChoice;
  readonly format: 'table' | 'csv' | 'json';
  readonly staleAfterDays: number;
}

export interface FleetRow {
  readonly orgId: string;
  readonly domainId: string;
  readonly covered: number;
  readonly total: number;
  readonly customCount: number;
  /** Catalog secret → "configured", "inherited", "missing", "scheduled", with marks: "configured (stale, never accessed)" (cellWord). */
  readonly cells: Record<string, string>;
}

export function fleetRows(orgs: readonly FleetOrg[], now: number, staleAfterDays: number): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const org of orgs) {
    const index = indexOrg(org);
    const domains = [DEFAULT_DOMAIN_ID, ...[...index.keys()].filter((d) => d !== DEFAULT_DOMAIN_ID).sort()];
    for (const domainId of domains) {
      const coverage = coverageOf(index, domainId);
      const cells = Object.fromEntries(COVERAGE_COLUMNS.map((name) => [name, cellWord(cellOf(index, domainId, name, now, staleAfterDays))]));
      rows.push({ orgId: org.orgId, domainId, covered: coverage.covered, total: coverage.total, customCount: coverage.customCount, cells });
    }
  }
  return rows;
}

function count(row: FleetRow, test: (word: string) => boolean): string {
  return String(Object.values(row.cells).filter(test).length);
}

/** The table's cells per row: coverage, custom, and the missing, scheduled and stale keys. */
export function fleetTable(rows: readonly FleetRow[]): string[][] {
  return rows.map((row) => [
    row.orgId,
    row.domainId,
    `${row.covered}/${row.total}`,
    String(row.customCount),
    count(row, (word) => word === 'missing'),
    count(row, (word) => word === 'scheduled'),
    count(row, cellWordSaysStale),
  ]);
}

async function listOrgs(options: FleetOptions, io: CliIo): Promise<FleetOrg[]> {
  const backend = await openBackend(options.backend, io.env);
  const showProgress = io.stderr.isTTY === true;
  try {
    const client = await backend.jobDeps.clientFor(backend.profile);
    const byOrg = new Map<string, FleetSecret[]>();
    let listed = 0;
    // Its failures as status says them (ACCESS_DENIED, UNREACHABLE, THROTTLED…), not UNEXPECTED.
    await onBackend(backend.profile, () =>
      listFleet({
        client,
        env: backend.profile.env,
        signal: new AbortController().signal,
        onProgress: (progress) => {
          for (const { id, meta } of progress.secrets) {
            const secrets = byOrg.get(id.orgId) ?? [];
            secrets.push(toFleetSecret({ orgId: id.orgId, domainId: id.domainId, secretName: id.secretName, meta }));
            byOrg.set(id.orgId, secrets);
          }
          listed += progress.secrets.length;
          if (showProgress) io.stderr.write(`\r\u001b[2KListing ${backend.profile.env}: ${listed} secrets, ${progress.shardsDone}/${progress.shardsTotal} shards`);
        },
      }),
    ).finally(() => {
      if (showProgress) io.stderr.write('\r\u001b[2K');
    });
    return [...byOrg].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([orgId, secrets]) => ({ orgId, secrets }));
  } finally {
    await backend.close();
  }
}

export async function showFleet(options: FleetOptions, io: CliIo): Promise<ExitCode> {
  const orgs = await listOrgs(options, io);
  const now = Date.now();
  if (options.format === 'csv') {
    io.stdout.write(coverageCsv(orgs, now, options.staleAfterDays));
    return EXIT.ok;
  }
  const rows = fleetRows(orgs, now, options.staleAfterDays);
  if (options.format === 'json') {
    io.stdout.write(formatJson(rows));
    return EXIT.ok;
  }
  io.stdout.write(formatTable(['ORG', 'DOMAIN', 'COVERAGE', 'CUSTOM', 'MISSING', 'SCHEDULED', 'STALE'], fleetTable(rows)));
  if (rows.length === 0) io.stderr.write('No organization has a secret in this env yet.\n');
  return EXIT.ok;
}
