/**
 * Audit log benchmark (prints numbers; not a test). Run: npm run bench:audit
 *
 * For each size (10,000 and 40,000 entries by default) a log is written through the audit service
 * as the app builds it (MAC chain, key wrapped by a vault.key file, group commit, 4 MiB files), then:
 *  - first listAudit: a service opened afresh on the folder, first page of 100 (reads, parses and
 *    verifies every entry, unwraps the audit key) — bounded, paid once per process;
 *  - later listAudit: the same call again (nothing changed on disk: a stat per file, the head, a page);
 *  - later listAudit, filtered (an org and an outcome: one pass over the entries in memory);
 *  - listAudit after an append (the appended entry is taken in without a read);
 *  - the changes view (attempt and outcome paired, as the audit screen asks): its first call pairs
 *    the whole log, later ones only what was appended; filtered by secret name and outcome;
 *  - listAudit after a file changed on disk (the changed file is read and verified again);
 *  - append: one append alone (write, fsync, head update), and 64 together (one group commit);
 *  - the heap the verified log keeps in memory (with --expose-gc, as `npm run bench:audit` runs it).
 * Target (issue 11): a later listAudit at 40k ≤ 20 ms. Figures are medians of --runs calls
 * (p95 in brackets); CPU contention on a shared machine makes them noisy: compare runs, not digits.
 *
 * Options: --sizes 10000,40000  --runs <n> (15)
 */
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AUDIT_DIR, auditFileName, createAuditService, createIdentityCache, type AuditRecord, type AuditService } from '../src/main/audit/index';
import { createLogger } from '../src/main/log/index';
import { keyFileProtector } from '../src/main/vault/key-protectors';
import type { ListAuditInput } from '../src/shared/audit';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const SIZES = option('sizes', '10000,40000').split(',').map(Number);
const RUNS = Number(option('runs', '15'));
const ORGS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];

function service(userDataDir: string): AuditService {
  return createAuditService({
    userDataDir,
    identities: createIdentityCache({ lookup: async () => ({}) }),
    osUser: 'bench',
    logger: createLogger({ level: 'error', sink: () => undefined }),
    keyProtector: () => keyFileProtector(path.join(userDataDir, 'vault', 'vault.key')),
  });
}

function record(n: number): AuditRecord {
  const orgId = ORGS[n % ORGS.length] as string;
  return {
    actor: { osUser: 'bench', callerArn: 'arn:aws:iam::123456789012:user/bench', callerAccount: '123456789012' },
    profileId: 'embedded',
    profileKind: 'embedded',
    env: 'dev',
    action: 'secret.write',
    orgId,
    secretId: `agentfoundry/dev/${orgId}/shared/key_${n % 997}`,
    outcome: n % 2 === 0 ? 'attempt' : 'success',
    ...(n % 2 === 1 && { attemptSeq: n, versionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` }),
  };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `${at(0.5).toFixed(2)} ms (p95 ${at(0.95).toFixed(2)})`;
}

const PAGE: ListAuditInput = { filters: {}, view: 'entries', offset: 0, limit: 100 };
const FILTERED: ListAuditInput = { filters: { orgId: 'acme', outcomes: ['success'] }, view: 'entries', offset: 0, limit: 100 };
/** The audit screen's default: one row per change, profile switches hidden. */
const CHANGES: ListAuditInput = { filters: { hideNonChanges: true }, view: 'changes', offset: 0, limit: 100 };
const CHANGES_BY_NAME: ListAuditInput = { filters: { hideNonChanges: true, secretName: 'key_7', outcomes: ['success'] }, view: 'changes', offset: 0, limit: 100 };

async function benchSize(size: number): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'foundry-audit-bench-'));
  try {
    const writer = service(root);
    const built = performance.now();
    for (let n = 0; n < size; n += 64) {
      await Promise.all(Array.from({ length: Math.min(64, size - n) }, (_, i) => writer.log.append(record(n + i))));
    }
    const buildMs = performance.now() - built;
    const files = (await fs.readdir(path.join(root, AUDIT_DIR))).filter((name) => name.endsWith('.jsonl'));

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const reader = service(root);
    const first = await time(() => reader.list(PAGE));
    gc?.();
    const heapHeld = process.memoryUsage().heapUsed - heapBefore;
    const check = await reader.list(PAGE);
    if (!check.verification.ok || check.verification.entries !== size) throw new Error(`the log does not verify: ${JSON.stringify(check.verification).slice(0, 300)}`);

    const later: number[] = [];
    for (let i = 0; i < RUNS; i++) later.push(await time(() => reader.list(PAGE)));
    const filtered: number[] = [];
    for (let i = 0; i < RUNS; i++) filtered.push(await time(() => reader.list(FILTERED)));

    const changesFirst = await time(() => reader.list(CHANGES));
    const changes: number[] = [];
    for (let i = 0; i < RUNS; i++) changes.push(await time(() => reader.list(CHANGES)));
    const byName: number[] = [];
    for (let i = 0; i < RUNS; i++) byName.push(await time(() => reader.list(CHANGES_BY_NAME)));

    const alone: number[] = [];
    const afterAppend: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      alone.push(await time(() => reader.log.append(record(size + i))));
      afterAppend.push(await time(() => reader.list(PAGE)));
    }
    const changesAfterAppend: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await reader.log.append(record(size + RUNS + i));
      changesAfterAppend.push(await time(() => reader.list(CHANGES)));
    }
    const grouped: number[] = [];
    for (let i = 0; i < 5; i++) grouped.push(await time(() => Promise.all(Array.from({ length: 64 }, (_, j) => reader.log.append(record(j))))));

    const lastFile = path.join(root, AUDIT_DIR, auditFileName(files.length));
    const afterOutside: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      await fs.chmod(lastFile, 0o600); // changes ctime only: the file must be read and verified again
      afterOutside.push(await time(() => reader.list(PAGE)));
    }
    const final = await reader.list(PAGE);
    if (!final.verification.ok) throw new Error('the log stopped verifying during the bench');

    console.log(`\n${size.toLocaleString('en')} entries in ${files.length} file(s) (written in ${(buildMs / 1000).toFixed(1)} s through group commit)`);
    console.log(`  listAudit, first call (fresh process)      ${first.toFixed(1)} ms`);
    console.log(`  listAudit, later calls                     ${summary(later)}`);
    if (gc) console.log(`  memory held by the verified log in memory  ${(heapHeld / 1024 / 1024).toFixed(1)} MiB`);
    console.log(`  listAudit, later, filtered (org+outcome)   ${summary(filtered)}`);
    console.log(`  listAudit after an append                  ${summary(afterAppend)}`);
    console.log(`  changes view, first call (pairs the log)   ${changesFirst.toFixed(1)} ms`);
    console.log(`  changes view, later calls                  ${summary(changes)}`);
    console.log(`  changes view, filtered (name+outcome)      ${summary(byName)}`);
    console.log(`  changes view after an append              ${summary(changesAfterAppend)}`);
    console.log(`  listAudit after the last file changed      ${summary(afterOutside)}`);
    console.log(`  append, alone (fsync + head)               ${summary(alone)}`);
    console.log(`  append, 64 together (one group)            ${summary(grouped)} → ${(Math.min(...grouped) / 64).toFixed(3)} ms per entry at best`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

console.log(`Audit log bench — Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const size of SIZES) await benchSize(size);
