/**
 * What the matrix's export asks main for (review finding): a filtered view of more orgs than main
 * takes by name used to export the whole fleet under a button that named the filtered count.
 */
import { describe, expect, it } from 'vitest';
import { exportRequest } from '../../src/renderer/src/features/fleet/fleet-model';
import { MAX_EXPORTED_ORGS } from '../../src/shared/fleet-rules';

describe('exportRequest', () => {
  it('sends the orgs shown when filters narrow the view, and nothing (every org) when they do not', () => {
    expect(exportRequest(['b', 'a'], true)).toEqual({ orgIds: ['b', 'a'] });
    expect(exportRequest(['b', 'a'], false)).toEqual({ orgIds: undefined });
  });

  it('refuses a narrowed view larger than main takes, saying what to do, rather than exporting every org', () => {
    const shown = Array.from({ length: MAX_EXPORTED_ORGS + 1 }, (_, i) => `org-${i}`);
    const request = exportRequest(shown, true);
    expect(request).toEqual({ refused: expect.stringMatching(/Narrow the filters, or clear them to export every organization\./) });
    expect(exportRequest(shown.slice(1), true)).toEqual({ orgIds: shown.slice(1) });
    expect(exportRequest(shown, false)).toEqual({ orgIds: undefined });
  });
});
