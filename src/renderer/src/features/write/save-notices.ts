/**
 * What the window says of a save once its answer lands, also when the form that asked is gone
 * (closed by its card's button, another org, another screen or profile): the person is still
 * told how it ended. Each says where, and never anything of the value.
 */
import type { UiErrorData } from '../../api';
import { describeError } from '../errors/describe';

/** "acme / shared", with the profile's name when another profile is in use by the time the answer lands. */
export function savePlace(orgId: string, domainId: string, profileNameIfSwitched: string | undefined): string {
  const where = `${orgId} / ${domainId}`;
  return profileNameIfSwitched === undefined ? where : `${where} (profile ${profileNameIfSwitched})`;
}

/** A save whose form was closed before it failed. Without an answer, whether it was saved is not known: no guess. */
export function closedSaveFailure(name: string, place: string, error: UiErrorData): string {
  const verdict = describeError(error).outcomeUnknown ? 'may or may not have been saved' : 'was not saved';
  return `${name} in ${place} ${verdict}: ${error.message}`;
}
