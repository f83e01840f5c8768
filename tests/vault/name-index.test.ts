import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultState, type SecretMeta } from '../../src/main/vault/model';
import { listSecrets } from '../../src/main/vault/operations/list-secrets';
import type { OperationContext } from '../../src/main/vault/operation';
import { PageTokens } from '../../src/main/vault/page-tokens';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const meta = (name: string, extra: Partial<SecretMeta> = {}): SecretMeta => ({
  arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-${randomBytes(3).toString('hex')}`,
  name,
  createdAt: NOW,
  lastChangedAt: NOW,
  tags: [],
  ...extra,
});

function context(state: VaultState): OperationContext {
  return { state, now: NOW, region: 'us-east-1', accountId: '000000000000', tokens: new PageTokens(Buffer.alloc(32, 7)) };
}

/** Every name ListSecrets returns for `input`, following NextToken. */
function listNames(state: VaultState, input: Record<string, unknown>): string[] {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const { output } = listSecrets(context(state), { ...input, ...(NextToken && { NextToken }) });
    names.push(...(output.SecretList as { Name: string }[]).map((secret) => secret.Name));
    NextToken = output.NextToken as string | undefined;
  } while (NextToken);
  return names;
}

// Names that stress code-unit order: shared prefixes, a prefix that is itself a name, non-ASCII, astral.
const NAMES = ['a', 'ab', 'abc', 'abd', 'ab/c', 'b', 'a-b', 'a_b', 'aé', 'a😀', 'a😀b', 'z', 'Z', '/x', 'agentfoundry/dev/acme/shared/k'];
const PREFIXES = ['', 'a', 'ab', 'ab/', 'aé', 'a😀', 'a\uD83D', 'b', 'c', 'Z', '/', 'agentfoundry/dev/', 'zz'];

describe('vault name index (ListSecrets name-prefix filter)', () => {
  it('returns exactly the secrets a scan would, for every prefix, after adds and purges', () => {
    const state = new VaultState();
    const metas = NAMES.map((name) => meta(name));
    state.apply(metas.map((m) => ({ op: 'putSecret', meta: m })));
    const selected = (values: string[]) =>
      state.listing.nameFilterRanges(values).flatMap(([from, to]) => [...state.listing.names().range(from, to)].map((record) => record.meta.name));
    const check = () => {
      const all = [...state.byArn.values()].map((record) => record.meta.name);
      for (const prefix of PREFIXES) {
        expect(selected([prefix]).sort(), prefix).toEqual(all.filter((name) => name.startsWith(prefix)).sort());
        expect(selected([`!${prefix}`]).sort(), `!${prefix}`).toEqual(all.filter((name) => !name.startsWith(prefix)).sort());
      }
      // Overlapping alternatives are a union, each secret once.
      expect(selected(['a', 'ab', 'b'])).toHaveLength(all.filter((name) => name.startsWith('a') || name.startsWith('b')).length);
      expect(selected(['!a', 'ab'])).toHaveLength(all.filter((name) => !name.startsWith('a') || name.startsWith('ab')).length);
    };
    check();
    state.apply([{ op: 'purge', arn: (metas[2] as SecretMeta).arn }, { op: 'purge', arn: (metas[9] as SecretMeta).arn }]);
    check();
    state.apply([{ op: 'putSecret', meta: meta('abca') }, { op: 'putSecret', meta: meta('a😀c') }]);
    check();
  });

  it('ListSecrets answers name filters the same with the index as by scanning, negation included, across pages', () => {
    const state = new VaultState();
    const names = Array.from({ length: 700 }, (_, index) => `agentfoundry/dev/${String.fromCharCode(97 + (index % 26))}${index}/shared/key_${index % 7}`);
    state.apply(names.map((name, index) => ({ op: 'putSecret', meta: meta(name, { createdAt: NOW - index * 1000, ...(index % 50 === 0 && { deletedAt: NOW + 86_400_000 }) }) })));
    for (const values of [['agentfoundry/dev/a'], ['agentfoundry/dev/b', 'agentfoundry/dev/c1'], ['agentfoundry/'], ['!agentfoundry/dev/a'], ['nothing']]) {
      for (const IncludePlannedDeletion of [true, false]) {
        const got = listNames(state, { Filters: [{ Key: 'name', Values: values }], MaxResults: 37, SortOrder: 'asc', IncludePlannedDeletion });
        const expected = [...state.byArn.values()]
          .filter((record) => IncludePlannedDeletion || record.meta.deletedAt === undefined)
          .filter((record) => values.some((value) => (value.startsWith('!') ? !record.meta.name.startsWith(value.slice(1)) : record.meta.name.startsWith(value))))
          .sort((a, b) => a.meta.createdAt - b.meta.createdAt || (a.meta.name < b.meta.name ? -1 : 1))
          .map((record) => record.meta.name);
        expect(got, JSON.stringify(values)).toEqual(expected);
      }
    }
  });

  it('a name-prefix page reads only the secrets under its prefix, not the whole vault', () => {
    const state = new VaultState();
    const names = Array.from({ length: 2000 }, (_, index) => `agentfoundry/dev/${String.fromCharCode(97 + (index % 26))}${index}/shared/key`);
    state.apply(names.map((name) => ({ op: 'putSecret', meta: meta(name) })));
    state.listing.names(); // the order is built once, outside what is measured
    const read = new Set<string>();
    for (const record of state.byArn.values()) {
      const { meta: current } = record;
      Object.defineProperty(record, 'meta', {
        get: () => {
          read.add(current.name);
          return current;
        },
      });
    }
    const { output } = listSecrets(context(state), { Filters: [{ Key: 'name', Values: ['agentfoundry/dev/q'] }], MaxResults: 100 });
    const inRange = names.filter((name) => name.startsWith('agentfoundry/dev/q'));
    expect((output.SecretList as unknown[]).length).toBe(Math.min(100, inRange.length));
    // The binary search touches about log2(2000) ≈ 11 neighbours; a scan would read all 2,000.
    expect([...read].filter((name) => !name.startsWith('agentfoundry/dev/q')).length).toBeLessThan(30);
  });

  it('tracks secrets scheduled for deletion by deadline: scheduled, rescheduled, restored, purged', () => {
    const state = new VaultState();
    const kept = meta('kept');
    const doomed = meta('doomed', { deletedAt: NOW + 1000 });
    state.apply([{ op: 'putSecret', meta: kept }, { op: 'putSecret', meta: doomed }]);
    expect(state.schedule.due(NOW + 1000).map((record) => record.meta.arn)).toEqual([doomed.arn]);
    expect(state.schedule.due(NOW + 999)).toEqual([]);
    state.apply([{ op: 'putSecret', meta: { ...kept, deletedAt: NOW + 500 } }]);
    expect(state.schedule.next).toBe(NOW + 500);
    expect(state.schedule.due(NOW + 1000).map((record) => record.meta.name)).toEqual(['kept', 'doomed']); // earliest first
    const { deletedAt: _restored, ...restoredMeta } = doomed;
    state.apply([{ op: 'putSecret', meta: restoredMeta }]);
    expect(state.schedule.size).toBe(1);
    state.apply([{ op: 'purge', arn: kept.arn }]);
    expect(state.schedule.size).toBe(0);
    expect(state.schedule.next).toBeUndefined();
  });
});
