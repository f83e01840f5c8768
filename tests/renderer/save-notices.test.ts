/**
 * What the window says of a save whose form was closed before its answer came (review findings):
 * where (with the profile once another is in use), and no guess when no answer came at all.
 */
import { describe, expect, it } from 'vitest';
import { closedSaveFailure, savePlace } from '../../src/renderer/src/features/write/save-notices';
import { switchedProfileOf } from '../../src/renderer/src/store/context';
import type { AppState } from '../../src/renderer/src/store/types';

describe('notices of a save whose form was closed', () => {
  it('names the profile once another one is in use', () => {
    expect(savePlace('acme', 'shared', undefined)).toBe('acme / shared');
    expect(savePlace('acme', 'shared', 'Dev vault')).toBe('acme / shared (profile Dev vault)');
  });

  it('knows the profile a form was opened in once another is in use', () => {
    const profiles = (activeId: string): Pick<AppState, 'profiles'> => ({
      profiles: {
        data: {
          activeId,
          profiles: [
            { kind: 'embedded', id: 'dev', name: 'Dev vault', env: 'dev', readOnly: false },
            { kind: 'embedded', id: 'prod-copy', name: 'Prod copy', env: 'prod', readOnly: true },
          ],
          awsProfiles: [],
          warnings: [],
          defaults: { localstackEndpoint: '', region: '' },
        },
        loading: false,
        error: null,
      },
    });
    expect(switchedProfileOf(profiles('dev'), 'dev|acme|shared')).toBeUndefined();
    expect(switchedProfileOf(profiles('prod-copy'), 'dev|acme|shared')?.name).toBe('Dev vault');
    // Gone since (removed): nothing to name.
    expect(switchedProfileOf(profiles('prod-copy'), 'removed|acme|shared')).toBeUndefined();
  });

  it('says "was not saved" for a refusal, and does not guess when no answer came', () => {
    const refused = { code: 'KEY_REJECTED' as const, message: 'Deepgram rejected this key (HTTP 401), so it was not saved in agentfoundry/dev/acme/shared/deepgram_api_key.' };
    expect(closedSaveFailure('Deepgram API Key', 'acme / shared', refused)).toBe(`Deepgram API Key in acme / shared was not saved: ${refused.message}`);
    const lost = {
      code: 'INTERNAL' as const,
      message: "The app's main process did not answer, so whether the change was made is unknown.",
      details: { transport: true, outcomeUnknown: true },
    };
    const said = closedSaveFailure('Deepgram API Key', 'acme / shared', lost);
    expect(said).toMatch(/^Deepgram API Key in acme \/ shared may or may not have been saved: /);
    expect(said).not.toContain('was not saved');
  });
});
