/**
 * The drift CSV: one row per finding with both sides' state and date, the kind filter, the file
 * name, and cells a spreadsheet cannot run (a profile name is the person's text).
 */
import { describe, expect, it } from 'vitest';
import { driftCsv, driftFileName } from '../../../src/main/fleet/drift-export';
import type { DriftFinding } from '../../../src/shared/drift';
import type { Profile } from '../../../src/shared/profiles';

const T0 = Date.UTC(2026, 8, 1, 10);
const profile = (name: string, env: 'dev' | 'prod'): Profile => ({ kind: 'embedded', id: 'p', name, env, readOnly: false });
const sides = { left: { profile: profile('=HYPERLINK("http://x")', 'dev'), env: 'dev' as const }, right: { profile: profile('AWS, prod', 'prod'), env: 'prod' as const } };
const findings: DriftFinding[] = [
  { orgId: 'acme', domainId: 'shared', secretName: 'a', kind: 'missing', side: 'left', right: { hasValue: true, lastChangedAt: T0 } },
  { orgId: 'acme', domainId: 'shared', secretName: 'b', kind: 'scheduled', side: 'right', left: { hasValue: false }, right: { hasValue: true, lastChangedAt: T0, deletionDate: T0 } },
  { orgId: 'acme', domainId: 'shared', secretName: 'c', kind: 'skew', side: 'right', left: { hasValue: true, lastChangedAt: T0 }, right: { hasValue: true, lastChangedAt: T0 + 40 * 86_400_000 }, skewDays: 40 },
  { orgId: 'acme', domainId: 'cards', secretName: 'a', kind: 'missing', side: 'right', left: { hasValue: true, lastChangedAt: T0 }, fallsBackToShared: true },
];

describe('driftCsv', () => {
  it('writes one row per finding, each side by state and ISO date, the side lacking it or scheduled apart from the side changed later', () => {
    const { csv, count } = driftCsv(findings, sides);
    expect(count).toBe(4);
    expect(csv.split('\r\n')).toEqual([
      'org_id,domain_id,secret_name,kind,lacking_or_scheduled_side,changed_later_side,left_state,left_last_changed,right_state,right_last_changed,skew_days,falls_back_to_shared',
      `"acme","shared","a","missing","'=HYPERLINK(""http://x"") (dev)",,"absent",,"configured","2026-09-01T10:00:00.000Z",,`,
      `"acme","shared","b","scheduled","AWS, prod (prod)",,"no-value",,"scheduled","2026-09-01T10:00:00.000Z",,`,
      `"acme","shared","c","skew",,"AWS, prod (prod)","configured","2026-09-01T10:00:00.000Z","configured","2026-10-11T10:00:00.000Z",40,`,
      // The side lacking the domain's own secret serves the org's shared one.
      `"acme","cards","a","missing","AWS, prod (prod)",,"configured","2026-09-01T10:00:00.000Z","absent",,,"yes"`,
      '',
    ]);
  });

  it('writes only the kinds asked for', () => {
    const { csv, count } = driftCsv(findings, sides, ['skew', 'scheduled']);
    expect(count).toBe(2);
    expect(csv).not.toContain('"missing"');
  });

  it('names the file by both envs and the time', () => {
    expect(driftFileName(sides.left, sides.right, new Date(T0))).toBe('foundry-drift-dev-vs-prod-2026-09-01-10-00-00.csv');
  });
});
