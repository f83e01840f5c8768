/**
 * The drift rules (src/shared/drift.ts) on hand-made fleets: every kind on each side, the skew
 * threshold's boundary, a secret without a value counted as absent, scheduled against absent, and
 * nothing reported where the sides agree.
 */
import { describe, expect, it } from 'vitest';
import { driftFindingSchema, type DriftFinding } from '../../../src/shared/drift';
import type { FleetOrg, FleetSecret } from '../../../src/shared/fleet';
import { DAY_MS, compareFleets } from '../../../src/main/fleet/drift';

const T0 = Date.UTC(2026, 9, 1);
const configured = (secretName: string, lastChangedAt = T0, domainId = 'shared'): FleetSecret => ({ domainId, secretName, hasValue: true, lastChangedAt });
const noValue = (secretName: string, domainId = 'shared'): FleetSecret => ({ domainId, secretName, hasValue: false, lastChangedAt: T0 });
const scheduled = (secretName: string, domainId = 'shared'): FleetSecret => ({ domainId, secretName, hasValue: true, lastChangedAt: T0, deletionDate: T0 + 7 * DAY_MS });
const org = (orgId: string, ...secrets: FleetSecret[]): FleetOrg => ({ orgId, secrets });

/** org/domain/secret kind@side (+days): the finding set in one comparable line each. */
const brief = (findings: readonly DriftFinding[]): string[] =>
  findings.map((f) => `${f.orgId}/${f.domainId}/${f.secretName} ${f.kind}@${f.side}${f.skewDays === undefined ? '' : ` +${f.skewDays}`}`);

describe('compareFleets', () => {
  it('reports nothing for identical sides', () => {
    const side = [org('acme', configured('openai_api_key'), scheduled('github_token'), noValue('stripe_api_key')), org('globex', configured('x', T0, 'ops'))];
    const result = compareFleets(side, structuredClone(side), 30);
    expect(result.findings).toEqual([]);
    expect(result.compared).toBe(4);
    expect(result.counts).toEqual({ left: { missing: 0, scheduled: 0, skew: 0 }, right: { missing: 0, scheduled: 0, skew: 0 } });
  });

  it('finds a secret missing on either side, naming the side that lacks it, with the present cell', () => {
    const result = compareFleets([org('acme', configured('only_left'))], [org('acme', configured('only_right')), org('globex', configured('new_org'))], 30);
    expect(brief(result.findings)).toEqual(['acme/shared/only_left missing@right', 'acme/shared/only_right missing@left', 'globex/shared/new_org missing@left']);
    expect(result.findings[0]).toEqual({ orgId: 'acme', domainId: 'shared', secretName: 'only_left', kind: 'missing', side: 'right', left: { hasValue: true, lastChangedAt: T0 } });
    expect(result.counts).toEqual({ left: { missing: 2, scheduled: 0, skew: 0 }, right: { missing: 1, scheduled: 0, skew: 0 } });
    for (const finding of result.findings) expect(driftFindingSchema.safeParse(finding).success).toBe(true);
  });

  it('counts a secret without a value as absent: missing against configured, nothing against absent', () => {
    const result = compareFleets([org('acme', noValue('a'), configured('b'), noValue('c'))], [org('acme', configured('a'), noValue('b'))], 30);
    expect(brief(result.findings)).toEqual(['acme/shared/a missing@left', 'acme/shared/b missing@right']);
    // The side without a value still shows what it has (an entry, no value).
    expect(result.findings[0]?.left).toEqual({ hasValue: false, lastChangedAt: T0 });
  });

  it('finds a secret scheduled on one side against configured, absent or valueless on the other; scheduled on both is no drift', () => {
    const left = [org('acme', scheduled('vs_configured'), scheduled('vs_absent'), configured('right_scheduled'), scheduled('both'), scheduled('vs_no_value'))];
    const right = [org('acme', configured('vs_configured'), scheduled('right_scheduled'), scheduled('both'), noValue('vs_no_value'))];
    const result = compareFleets(left, right, 30);
    expect(brief(result.findings)).toEqual([
      'acme/shared/right_scheduled scheduled@right',
      'acme/shared/vs_absent scheduled@left',
      'acme/shared/vs_configured scheduled@left',
      'acme/shared/vs_no_value scheduled@left',
    ]);
    expect(result.counts).toEqual({ left: { missing: 0, scheduled: 3, skew: 0 }, right: { missing: 0, scheduled: 1, skew: 0 } });
  });

  it('reports skew only when the dates are more than the threshold apart (to the millisecond), in whole days, on the side changed later', () => {
    const left = [
      org(
        'acme',
        configured('at_threshold', T0 + 30 * DAY_MS),
        configured('one_ms_past', T0 + 30 * DAY_MS + 1),
        configured('thirty_days_23_hours', T0 + 30 * DAY_MS + 23 * 3_600_000),
        configured('one_day_past', T0 + 31 * DAY_MS),
        configured('right_later', T0),
      ),
    ];
    const right = [
      org('acme', configured('at_threshold'), configured('one_ms_past'), configured('thirty_days_23_hours'), configured('one_day_past'), configured('right_later', T0 + 40 * DAY_MS)),
    ];
    const result = compareFleets(left, right, 30);
    // Exactly 30 days is not "more than 30 days apart"; 1 ms more is, and is reported as 30 whole days.
    expect(brief(result.findings)).toEqual([
      'acme/shared/one_day_past skew@left +31',
      'acme/shared/one_ms_past skew@left +30',
      'acme/shared/right_later skew@right +40',
      'acme/shared/thirty_days_23_hours skew@left +30',
    ]);
    expect(result.counts).toEqual({ left: { missing: 0, scheduled: 0, skew: 3 }, right: { missing: 0, scheduled: 0, skew: 1 } });
    // Another threshold, another answer: the threshold is the caller's.
    expect(brief(compareFleets(left, right, 40).findings)).toEqual([]);
    expect(brief(compareFleets(left, right, 1).findings)).toHaveLength(5);
  });

  it("says when the side missing a domain's own secret still serves the org's shared one (the fallback agents get)", () => {
    const left = [org('acme', configured('openai_api_key', T0, 'cards'), configured('openai_api_key'), configured('github_token', T0, 'cards'), configured('slack_bot_token', T0, 'cards'))];
    const right = [org('acme', configured('openai_api_key'), noValue('slack_bot_token'))];
    const result = compareFleets(left, right, 30);
    const byName = new Map(result.findings.map((f) => [`${f.domainId}/${f.secretName}`, f]));
    // Right has no cards override but serves shared: still drift, and the finding says where it falls back.
    expect(byName.get('cards/openai_api_key')).toMatchObject({ kind: 'missing', side: 'right', fallsBackToShared: true });
    // No shared one to fall back to (absent, or without a value): nothing said.
    expect(byName.get('cards/github_token')?.fallsBackToShared).toBeUndefined();
    expect(byName.get('cards/slack_bot_token')?.fallsBackToShared).toBeUndefined();
    for (const finding of result.findings) expect(driftFindingSchema.safeParse(finding).success).toBe(true);
  });

  it('does not guess skew without both dates', () => {
    const { lastChangedAt: _dropped, ...undated } = configured('x');
    const result = compareFleets([org('acme', undated)], [org('acme', configured('x', T0 + 400 * DAY_MS))], 30);
    expect(result.findings).toEqual([]);
  });

  it('gives one finding per org × domain × secret, sorted by org, domain, secret, and ignores orgs without secrets', () => {
    const left = [org('zeta', configured('a')), org('acme', configured('b', T0, 'ops'), configured('b', T0, 'cards'), configured('a', T0, 'ops')), org('empty')];
    const right = [org('other-empty')];
    const result = compareFleets(left, right, 30);
    expect(brief(result.findings)).toEqual(['acme/cards/b missing@right', 'acme/ops/a missing@right', 'acme/ops/b missing@right', 'zeta/shared/a missing@right']);
    expect(result.compared).toBe(4);
  });
});
