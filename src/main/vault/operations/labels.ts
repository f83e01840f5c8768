import { awsErrors } from '../errors';
import type { Op, SecretRecord, VersionRecord } from '../model';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
const MAX_LABELS_PER_VERSION = 20;
const MAX_VERSIONS = 100;
const PRUNE_MIN_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Moves labels onto `targetId`, as AWS does: a label lives on one version at a time; when
 * AWSCURRENT leaves a version, AWSPREVIOUS follows it there. Returns the new stage lists of every
 * version whose labels change (the target included).
 */
export function attachLabels(
  versions: ReadonlyMap<string, Pick<VersionRecord, 'id' | 'stages'>>,
  targetId: string,
  labels: readonly string[],
): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const version of versions.values()) next.set(version.id, [...version.stages]);
  if (!next.has(targetId)) next.set(targetId, []);
  let previousCurrent: string | undefined;
  for (const label of labels) {
    for (const [id, stages] of next) {
      if (id !== targetId && stages.includes(label)) {
        next.set(id, stages.filter((stage) => stage !== label));
        if (label === AWSCURRENT) previousCurrent = id;
      }
    }
    const target = next.get(targetId) ?? [];
    if (!target.includes(label)) next.set(targetId, [...target, label]);
  }
  if (previousCurrent !== undefined) {
    for (const [id, stages] of next) if (stages.includes(AWSPREVIOUS)) next.set(id, stages.filter((stage) => stage !== AWSPREVIOUS));
    next.set(previousCurrent, [...(next.get(previousCurrent) ?? []), AWSPREVIOUS]);
  }
  for (const [id, stages] of next) {
    if (stages.length > MAX_LABELS_PER_VERSION) {
      throw awsErrors.limitExceeded(`A version can have at most ${MAX_LABELS_PER_VERSION} staging labels (version ${id}).`);
    }
  }
  return changedOnly(versions, next);
}

export function changedOnly(
  versions: ReadonlyMap<string, Pick<VersionRecord, 'id' | 'stages'>>,
  next: ReadonlyMap<string, string[]>,
): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const [id, stages] of next) {
    const before = versions.get(id)?.stages;
    if (!before || before.length !== stages.length || before.some((stage, index) => stage !== stages[index])) changed.set(id, stages);
  }
  return changed;
}

/** Ops that give each listed version its new labels (the new version is written whole elsewhere). */
export function stageOps(arn: string, changed: ReadonlyMap<string, string[]>, except?: string): Op[] {
  const ops: Op[] = [];
  for (const [versionId, stages] of changed) if (versionId !== except) ops.push({ op: 'setStages', arn, versionId, stages });
  return ops;
}

/**
 * Unlabelled ("deprecated") versions are removed only when a secret has more than 100 versions,
 * and never one created in the last 24 hours — AWS's documented retention rule.
 */
export function pruneOps(secret: SecretRecord, stagesAfter: ReadonlyMap<string, string[]>, extraVersions: number, now: number): Op[] {
  let count = secret.versions.size + extraVersions;
  const ops: Op[] = [];
  for (const version of secret.versions.values()) {
    if (count <= MAX_VERSIONS) break;
    const stages = stagesAfter.get(version.id) ?? version.stages;
    if (stages.length === 0 && now - version.createdAt >= PRUNE_MIN_AGE_MS) {
      ops.push({ op: 'dropVersion', arn: secret.meta.arn, versionId: version.id });
      count -= 1;
    }
  }
  return ops;
}

export function hasCurrent(secret: SecretRecord): boolean {
  for (const version of secret.versions.values()) if (version.stages.includes(AWSCURRENT)) return true;
  return false;
}
