import { AwsServiceError } from './errors';
import type { Op, VaultState } from './model';
import type { Operation, OperationContext } from './operation';
import type { PageTokens } from './page-tokens';
import type { VaultStore } from './store';
import { createSecret, putSecretValue, updateSecret } from './operations/write';
import { describeSecret, getSecretValue, listSecretVersionIds } from './operations/read';
import { listSecrets } from './operations/list-secrets';
import { updateSecretVersionStage } from './operations/stages';
import { deleteSecret, restoreSecret } from './operations/lifecycle';
import { tagResource, untagResource } from './operations/tags';
import { batchGetSecretValue } from './operations/batch-get';

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  UpdateSecret: updateSecret,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  BatchGetSecretValue: batchGetSecretValue,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  UpdateSecretVersionStage: updateSecretVersionStage,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
  TagResource: tagResource,
  UntagResource: untagResource,
};

export interface EngineOptions {
  readonly region: string;
  readonly accountId: string;
  readonly clock: () => Date;
  readonly tokens: PageTokens;
}

/**
 * Runs one operation: (1) purge secrets whose recovery window has passed, (2) compute the
 * operation's ops synchronously against the state, (3) apply them, (4) wait until they are on disk.
 * Steps 1–3 never yield, so concurrent requests cannot interleave inside an operation.
 */
export class SecretsEngine {
  constructor(
    private readonly state: VaultState,
    private readonly store: VaultStore,
    private readonly options: EngineOptions,
  ) {}

  async execute(operation: string, input: unknown): Promise<Record<string, unknown>> {
    const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!run) throw new AwsServiceError('UnknownOperationException', `The operation ${operation} is not supported.`);
    // Refused before the operation touches the state: memory must never run ahead of a closed or failed journal.
    const unavailable = this.store.unavailable;
    if (unavailable) throw unavailable;
    const now = this.options.clock().getTime();
    const ctx: OperationContext = { state: this.state, now, region: this.options.region, accountId: this.options.accountId, tokens: this.options.tokens };
    // Purges that are due go first, so the operation already sees those secrets gone.
    const expired = this.expiredOps(now);
    const purged = expired.length > 0 ? this.commit(expired) : undefined;
    purged?.catch(() => undefined); // observed below; this only keeps a failed purge from going unhandled
    const result = run(ctx, input);
    const ops = result.ops ?? [];
    // Journal order is commit order: awaiting the operation's own record also covers the purges.
    if (ops.length > 0) await this.commit(ops);
    else if (purged) await purged;
    return result.output;
  }

  /** Deadlines are kept in order: when nothing is due this reads one deadline, not every scheduled secret. */
  private expiredOps(now: number): Op[] {
    const next = this.state.schedule.next;
    if (next === undefined || next > now) return [];
    return this.state.schedule.due(now).map((secret): Op => ({ op: 'purge', arn: secret.meta.arn }));
  }

  private commit(ops: readonly Op[]): Promise<void> {
    this.state.apply(ops);
    return this.store.append(ops);
  }
}
