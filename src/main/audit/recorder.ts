/**
 * Wraps every write-class operation in the audit log, failing closed:
 *
 * 1. an `attempt` entry is appended (durably) BEFORE the change; if that fails, the change is not
 *    made and the caller gets INTERNAL "nothing was changed" (details.audit = 'failed');
 * 2. the change runs;
 * 3. its `success` or `failure` entry is appended, pointing at the attempt (`attemptSeq`). If a
 *    success cannot be recorded, the caller gets INTERNAL saying the change WAS made but its outcome
 *    is not recorded (details.applied = true), rather than a success; if a failure cannot be
 *    recorded, the operation's own error is passed on (it failed either way) and main's log says so.
 *
 * So no change reaches a backend without an entry that says it was attempted, and no success is
 * reported that the log does not show.
 */
import { AppError, isAppError } from '../../shared/errors';
import { AUDIT_KEY_CHECKS, type AuditAction, type AuditActor, type AuditExportRecord, type AuditKeyCheck } from '../../shared/audit';
import type { Profile } from '../../shared/profiles';
import type { Logger } from '../log/index';
import type { IdentityCache } from './identity';
import { AuditWriteError, type AuditLog, type AuditRecord } from './store';

export interface AuditSubject {
  readonly action: AuditAction;
  /** The profile acted on or through; only its id when it does not exist. */
  readonly profile: Profile | { readonly id: string };
  /** Ask the backend who we are (secret changes); otherwise only an already cached identity is used. */
  readonly lookupIdentity?: boolean;
  readonly orgId?: string;
  readonly secretId?: string;
  /** audit.export: what is exported (format, file name, filters), recorded on the attempt already. */
  readonly export?: AuditExportRecord;
  /** Names the thing changed in messages ("agentfoundry/dev/acme/shared/x", 'profile "ls"'). */
  readonly label: string;
}

/** What the outcome entry adds once the operation has succeeded. */
export interface AuditOutcomeDetails {
  /** Refines the action now that it is known (a write that turned out to be a rotation). */
  readonly action?: AuditAction;
  readonly versionId?: string;
  readonly keyCheck?: AuditKeyCheck;
  readonly keyCheckOrigins?: string[];
  /** audit.export: the same record, with the count written. */
  readonly export?: AuditExportRecord;
}

/** A refused write says what the key check found, and where it sent the key, in its error details (KEY_REJECTED, KEY_UNVERIFIED). */
function keyCheckOf(error: unknown): Pick<AuditOutcomeDetails, 'keyCheck' | 'keyCheckOrigins'> {
  if (!isAppError(error)) return {};
  const keyCheck = AUDIT_KEY_CHECKS.find((check) => check === error.details?.['keyCheck']);
  const origin = error.details?.['keyCheckOrigin'];
  return { ...(keyCheck && { keyCheck }), ...(typeof origin === 'string' && { keyCheckOrigins: [origin] }) };
}

export interface AuditRecorder {
  run<T>(subject: AuditSubject, operation: () => Promise<T>, settle?: (result: T) => AuditOutcomeDetails): Promise<T>;
}

export interface AuditRecorderOptions {
  readonly log: AuditLog;
  readonly identities: IdentityCache;
  readonly osUser: string;
  readonly logger: Logger;
}

function isProfile(profile: AuditSubject['profile']): profile is Profile {
  return 'kind' in profile;
}

/** Identity text from a backend, made safe for the entry schema (printable, bounded). */
function clean(text: string | undefined, max: number): string | undefined {
  const value = text?.replace(/\p{Cc}/gu, '').slice(0, max);
  return value ? value : undefined;
}

export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const { log, identities, osUser } = options;
  const logger = options.logger.child({ component: 'audit' });

  async function actorFor(subject: AuditSubject): Promise<AuditActor> {
    const identity = isProfile(subject.profile) ? await identities.get(subject.profile, { lookup: subject.lookupIdentity ?? false }) : {};
    const callerArn = clean(identity.arn, 2048);
    const callerAccount = clean(identity.account, 64);
    return { osUser, ...(callerArn && { callerArn }), ...(callerAccount && { callerAccount }) };
  }

  function baseRecord(subject: AuditSubject, actor: AuditActor): Omit<AuditRecord, 'outcome'> {
    const profile = subject.profile;
    return {
      actor,
      profileId: profile.id,
      ...(isProfile(profile) && { profileKind: profile.kind, env: profile.env }),
      action: subject.action,
      ...(subject.orgId !== undefined && { orgId: subject.orgId }),
      ...(subject.secretId !== undefined && { secretId: subject.secretId }),
      ...(subject.export !== undefined && { export: subject.export }),
    };
  }

  const reasonOf = (error: unknown): string => (error instanceof AuditWriteError ? error.reason : 'unknown error');

  return {
    async run<T>(subject: AuditSubject, operation: () => Promise<T>, settle?: (result: T) => AuditOutcomeDetails): Promise<T> {
      const base = baseRecord(subject, await actorFor(subject));
      let attemptSeq: number;
      try {
        attemptSeq = (await log.append({ ...base, outcome: 'attempt' })).seq;
      } catch (error) {
        logger.error('change refused: its attempt could not be recorded', { action: subject.action, profileId: base.profileId, reason: reasonOf(error) });
        throw new AppError(
          'INTERNAL',
          `Nothing was changed: ${subject.label} was left as it was, because the audit log (${log.dir}) could not be written (${reasonOf(error)}) and changes are not made unless they are recorded. Check that the folder exists, is writable and has free space, then retry.`,
          { audit: 'failed', applied: false, reason: reasonOf(error) },
        );
      }

      let result: T;
      try {
        result = await operation();
      } catch (error) {
        const errorCode = isAppError(error) ? error.code : 'INTERNAL';
        try {
          await log.append({ ...base, outcome: 'failure', attemptSeq, errorCode, ...keyCheckOf(error) });
        } catch (auditError) {
          logger.error('the failure of a change could not be recorded', { action: subject.action, attemptSeq, errorCode, reason: reasonOf(auditError) });
        }
        throw error;
      }

      const details = settle?.(result) ?? {};
      try {
        await log.append({
          ...base,
          action: details.action ?? subject.action,
          outcome: 'success',
          attemptSeq,
          ...(details.versionId !== undefined && { versionId: details.versionId }),
          ...(details.keyCheck !== undefined && { keyCheck: details.keyCheck }),
          ...(details.keyCheckOrigins !== undefined && { keyCheckOrigins: [...details.keyCheckOrigins] }),
          ...(details.export !== undefined && { export: details.export }),
        });
      } catch (error) {
        logger.error('a change was made but its outcome could not be recorded', { action: subject.action, attemptSeq, reason: reasonOf(error) });
        throw new AppError(
          'INTERNAL',
          `${subject.label} was changed, but the audit log (${log.dir}) could not record the outcome (${reasonOf(error)}); only the attempt is recorded. Fix the audit folder before making more changes.`,
          { audit: 'failed', applied: true, reason: reasonOf(error) },
        );
      }
      return result;
    },
  };
}
