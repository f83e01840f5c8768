/** The audit record the log tests append: the n-th write of a key in acme's shared domain, by ana. */
import type { AuditRecord } from '../../../src/main/audit/index';

export function auditRecord(n: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    actor: { osUser: 'ana' },
    profileId: 'embedded',
    profileKind: 'embedded',
    env: 'dev',
    action: 'secret.write',
    orgId: 'acme',
    secretId: `agentfoundry/dev/acme/shared/key_${n}`,
    outcome: 'success',
    ...extra,
  };
}
