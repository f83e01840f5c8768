import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditWriteError, createAuditRecorder, createIdentityCache, openAuditLog, type AuditLog } from '../../../src/main/audit/index';
import { createLogger } from '../../../src/main/log/index';
import { AppError } from '../../../src/shared/errors';
import type { Profile } from '../../../src/shared/profiles';
import { envKeyProtector } from '../../../src/main/vault/key-protectors';
import { TEST_KEY, tempDir } from '../../vault/helpers';

const PROFILE: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded', env: 'dev', readOnly: false };
const SUBJECT = { action: 'secret.write', profile: PROFILE, orgId: 'acme', secretId: 'agentfoundry/dev/acme/shared/k', label: 'agentfoundry/dev/acme/shared/k', lookupIdentity: true } as const;

/** A real log whose appends fail from the `failFrom`-th one on: the injected failing sink. */
async function failingLog(failFrom: number): Promise<AuditLog> {
  const real = openAuditLog({ dir: path.join(await tempDir('foundry-recorder-'), 'audit'), keyProtector: () => envKeyProtector(TEST_KEY) });
  let n = 0;
  return {
    dir: real.dir,
    scan: () => real.scan(),
    append: (record) => {
      n += 1;
      return n >= failFrom ? Promise.reject(new AuditWriteError('ENOSPC')) : real.append(record);
    },
  };
}

function recorderWith(log: AuditLog) {
  const lines: string[] = [];
  const recorder = createAuditRecorder({
    log,
    identities: createIdentityCache({ lookup: async () => ({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ana\u0007' }) }),
    osUser: 'ana',
    logger: createLogger({ sink: (l) => lines.push(l) }),
  });
  return { recorder, lines };
}

describe('the audit recorder (fail closed)', () => {
  it('does not run the change when its attempt cannot be recorded', async () => {
    const { recorder, lines } = recorderWith(await failingLog(1));
    let ran = false;
    const error = await recorder.run(SUBJECT, async () => void (ran = true)).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: false, reason: 'ENOSPC' } });
    expect(lines.join('\n')).toContain('change refused');
  });

  it('reports a change whose success cannot be recorded as failed-to-audit, saying it WAS made', async () => {
    const log = await failingLog(2);
    const { recorder } = recorderWith(log);
    let ran = false;
    const error = await recorder.run(SUBJECT, async () => ((ran = true), 'done')).catch((e: unknown) => e);
    expect(ran).toBe(true);
    expect(error).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: true } });
    expect((error as AppError).message).toContain('was changed, but the audit log');
    expect((await log.scan()).entries.map((e) => e.outcome)).toEqual(['attempt']);
  });

  it('passes a failed change\'s own error on, even when its failure cannot be recorded', async () => {
    const { recorder, lines } = recorderWith(await failingLog(2));
    const original = new AppError('ACCESS_DENIED', 'no');
    await expect(recorder.run(SUBJECT, async () => Promise.reject(original))).rejects.toBe(original);
    expect(lines.join('\n')).toContain('the failure of a change could not be recorded');
  });

  it('records an unexpected error as INTERNAL, and backend identity text made safe', async () => {
    const log = openAuditLog({ dir: path.join(await tempDir('foundry-recorder-'), 'audit'), keyProtector: () => envKeyProtector(TEST_KEY) });
    const { recorder } = recorderWith(log);
    await expect(recorder.run(SUBJECT, async () => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
    const entries = (await log.scan()).entries;
    expect(entries.map((e) => [e.outcome, e.errorCode, e.attemptSeq])).toEqual([['attempt', undefined, undefined], ['failure', 'INTERNAL', 1]]);
    expect(entries[0]?.actor).toEqual({ osUser: 'ana', callerArn: 'arn:aws:iam::123456789012:user/ana', callerAccount: '123456789012' });
  });
});
