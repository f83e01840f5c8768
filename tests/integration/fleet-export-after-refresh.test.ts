/**
 * The coverage CSV is built from the last complete snapshot, never from a refresh that is still
 * loading or was cancelled (an empty or partial matrix would read as "every org missing"), and an
 * export never starts a listing of its own. Real router, service and embedded vault; the listing
 * after the first is held open (a slow backend) until it is aborted.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../src/shared/contract';
import { listFleet, type FleetListing } from '../../src/main/fleet/list';
import { startHarness, type Harness } from '../main/audit/harness';
import { tempDir } from '../vault/helpers';

describe('exportFleet after a refresh', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function setUp(): Promise<{ harness: Harness; exportDir: string; listings: () => number }> {
    let listings = 0;
    const listing: FleetListing = async (options) => {
      listings += 1;
      if (listings === 1) return listFleet(options);
      await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
    };
    const exportDir = await tempDir('foundry-fleet-export-');
    const harness = await startHarness({ fleetListing: listing, chooseSavePath: async (name) => path.join(exportDir, name) });
    for (const orgId of ['acme', 'globex', 'initech']) await harness.ok('writeSecret', { orgId, secretName: 'openai_api_key', value: `sk-${orgId}-0123456789` });
    const first = await harness.ok('loadFleet', { refresh: false });
    let snapshot: FleetSnapshot = first;
    for (let i = 0; i < 300 && snapshot.state !== 'complete'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      snapshot = await harness.ok('loadFleet', { refresh: false });
    }
    expect(snapshot.state).toBe('complete');
    return { harness, exportDir, listings: () => listings };
  }

  const rows = async (file: string): Promise<string[]> => (await fs.readFile(file, 'utf8')).trimEnd().split('\r\n').slice(1);

  it.each(['loading', 'cancelled'] as const)('exports the last complete matrix while the refresh is %s', async (refreshState) => {
    const { harness, listings } = await setUp();
    h = harness;
    const complete = await harness.ok('exportFleet', {});
    expect(complete.count).toBe(3);
    const refresh = await harness.ok('loadFleet', { refresh: true });
    if (refreshState === 'cancelled') expect(await harness.ok('cancelFleet', { snapshotId: refresh.snapshotId })).toEqual({ cancelled: true });
    const before = listings();
    const after = await harness.ok('exportFleet', {});
    expect(after.count).toBe(3);
    if (!after.saved || after.path === undefined) throw new Error('not saved');
    expect((await rows(after.path)).map((line) => line.split(',')[0])).toEqual(['"acme"', '"globex"', '"initech"']);
    expect(listings()).toBe(before);
  });
});
