/**
 * A drift report as CSV: one row per finding, with each side's state and last-changed date.
 * The side a finding points at is split by meaning, so a reader cannot take one for the other:
 * `lacking_or_scheduled_side` (missing: the side that lacks it; scheduled: the side where it is
 * scheduled) and `changed_later_side` (skew: the side changed later, so the OTHER one is stale).
 * Status only: no value, no version id (the fleet snapshot has neither). Cells go through
 * `csvCell`, so a name can never become a spreadsheet formula.
 */
import path from 'node:path';
import type { AuditDriftExport, AuditExportRecord } from '../../shared/audit';
import type { DriftFinding, DriftKind } from '../../shared/drift';
import { AppError } from '../../shared/errors';
import { csvCell } from '../audit/export';
import type { AuditRecorder } from '../audit/recorder';
import { saveExport, type ChooseSavePath } from '../export-file';
import { stateOf } from './drift';
import type { KeptDriftReport, ResolvedSide } from './drift-service';

export const DRIFT_CSV_COLUMNS = [
  'org_id',
  'domain_id',
  'secret_name',
  'kind',
  /** missing: the side that lacks it; scheduled: the side where it is scheduled. Empty for skew. */
  'lacking_or_scheduled_side',
  /** skew only: the side changed later (the other side is the one to rotate). */
  'changed_later_side',
  'left_state',
  'left_last_changed',
  'right_state',
  'right_last_changed',
  'skew_days',
  /** "yes" when the side missing a domain's own secret serves the org's shared one. */
  'falls_back_to_shared',
] as const;

/** "LocalStack (dev)": the profile's name and the env compared. */
export const sideLabel = (side: ResolvedSide): string => `${side.profile.name} (${side.env})`;

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export function driftCsv(findings: readonly DriftFinding[], sides: { readonly left: ResolvedSide; readonly right: ResolvedSide }, kinds?: readonly DriftKind[]): { csv: string; count: number } {
  const wanted = kinds ? new Set(kinds) : undefined;
  const lines: string[] = [DRIFT_CSV_COLUMNS.join(',')];
  for (const finding of findings) {
    if (wanted && !wanted.has(finding.kind)) continue;
    lines.push(
      [
        csvCell(finding.orgId),
        csvCell(finding.domainId),
        csvCell(finding.secretName),
        csvCell(finding.kind),
        csvCell(finding.kind === 'skew' ? undefined : sideLabel(sides[finding.side])),
        csvCell(finding.kind === 'skew' ? sideLabel(sides[finding.side]) : undefined),
        csvCell(stateOf(finding.left)),
        csvCell(iso(finding.left?.lastChangedAt)),
        csvCell(stateOf(finding.right)),
        csvCell(iso(finding.right?.lastChangedAt)),
        csvCell(finding.skewDays),
        csvCell(finding.fallsBackToShared ? 'yes' : undefined),
      ].join(','),
    );
  }
  return { csv: lines.map((line) => `${line}\r\n`).join(''), count: lines.length - 1 };
}

export function driftFileName(left: ResolvedSide, right: ResolvedSide, now: Date): string {
  return `foundry-drift-${left.env}-vs-${right.env}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
}

/** A side as the audit entry records it: the profile compared and the env it was compared in. */
const auditSide = (side: ResolvedSide): AuditDriftExport['left'] => ({ profileId: side.profile.id, profileKind: side.profile.kind, env: side.env });

export interface DriftExportRequest {
  readonly kept: Pick<KeptDriftReport, 'findings' | 'sides'>;
  readonly kinds?: readonly DriftKind[];
  readonly choose: ChooseSavePath | undefined;
  readonly recorder: AuditRecorder;
  readonly now: Date;
}

/**
 * Writes a kept report as CSV where the person chooses, audited as `drift.export`. The entry is
 * filed under the LEFT side's profile, in the env compared there (the active profile may be on
 * neither side), and its export record names both sides, the kinds and the file; the count is on
 * the outcome. As for the audit log's own export, the file is chosen first (a cancelled dialog
 * exports nothing and records nothing), so the attempt already names the file.
 */
export async function exportDriftReport(request: DriftExportRequest): Promise<{ saved: boolean; path?: string; count: number }> {
  const { kept, kinds, recorder, now } = request;
  const { left, right } = kept.sides;
  const { csv, count } = driftCsv(kept.findings, kept.sides, kinds);
  const choose = request.choose;
  if (!choose) throw new AppError('INTERNAL', 'Export is not available here: this host has no save dialog.');
  const target = await choose(driftFileName(left, right, now), 'Export drift report');
  if (target === null) return { saved: false, count };
  if (!path.isAbsolute(target)) throw new AppError('VALIDATION', 'The export needs a full path to save to; choose the file again.');
  const record: AuditExportRecord = {
    format: 'csv',
    fileName: path.basename(target).replace(/\p{Cc}/gu, '').slice(0, 255) || 'unnamed',
    filters: {},
    drift: { left: auditSide(left), right: auditSide(right), ...(kinds && { kinds: [...kinds] }) },
  };
  await recorder.run(
    // The left side's profile as compared: its env may be another env of the saved profile.
    { action: 'drift.export', profile: { ...left.profile, env: left.env }, export: record, label: `the drift report export (${record.fileName})` },
    () => saveExport(async () => target, { defaultName: record.fileName, title: 'Export drift report', content: () => csv }),
    () => ({ export: { ...record, count } }),
  );
  return { saved: true, path: target, count };
}
