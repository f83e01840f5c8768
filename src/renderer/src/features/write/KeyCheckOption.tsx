import { Info, ShieldCheck } from 'lucide-react';
import type { RefObject } from 'react';
import { effectiveBaseUrl, type KeyCheckProvider } from '../../../../shared/key-check-providers';
import type { KeyCheckSettings } from '../../../../shared/key-checks';
import { FieldProblem, Hint, Label } from '../../components/field';
import { focusRing } from '../../components/focus';
import { SecretInput, type SecretFieldElement } from './SecretInput';

/**
 * Whether the form can offer a live check: `none` (no provider checks this secret, or the settings
 * are not known), `off` (turned off in Settings), `binary` (a binary file is never an API key),
 * `needs-url` (n8n and LiveKit have no public default: the person's own instance URL is needed),
 * `available`.
 */
export type KeyCheckAvailability = 'none' | 'off' | 'binary' | 'needs-url' | 'available';

export function keyCheckAvailability(provider: KeyCheckProvider | undefined, settings: KeyCheckSettings | null, binaryFile: boolean): KeyCheckAvailability {
  if (!provider || !settings) return 'none';
  if (!settings.enabled) return 'off';
  if (binaryFile) return 'binary';
  return effectiveBaseUrl(provider, settings) === null ? 'needs-url' : 'available';
}

/** "API secret" for livekit_api_secret: the other half of a pair, named as people say it. */
export function companionTitle(provider: KeyCheckProvider, secretName: string): string | null {
  const other = provider.pairedWith?.[secretName];
  if (!other) return null;
  const words = other.replace(new RegExp(`^${provider.id}_`), '').split('_');
  return words.map((word) => (word === 'api' ? 'API' : word)).join(' ');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface Props {
  id: string;
  provider: KeyCheckProvider;
  settings: KeyCheckSettings;
  secretName: string;
  availability: Exclude<KeyCheckAvailability, 'none'>;
  checked: boolean;
  onCheckedChange(checked: boolean): void;
  companion: string;
  onCompanionChange(value: string): void;
  companionRef: RefObject<SecretFieldElement | null>;
  companionProblem: string | null;
  disabled?: boolean;
}

const NOTE = 'flex items-start gap-1.5 text-xs text-slate-600 dark:text-slate-400';

/**
 * "Check this key with OpenAI before saving": on by default where a check is possible. The hint
 * says exactly where the key goes (the endpoint and the host), since checking means sending it
 * there. LiveKit checks a pair, so the other half can be given here, for the check only.
 */
export function KeyCheckOption({
  id,
  provider,
  settings,
  secretName,
  availability,
  checked,
  onCheckedChange,
  companion,
  onCompanionChange,
  companionRef,
  companionProblem,
  disabled = false,
}: Props) {

  if (availability === 'off') {
    return (
      <p className={NOTE} data-testid="key-check-note">
        <Info aria-hidden className="mt-px size-3.5 shrink-0" />
        Live key checks are off (Settings).
      </p>
    );
  }
  if (availability === 'binary') {
    return (
      <p className={NOTE} data-testid="key-check-note">
        <Info aria-hidden className="mt-px size-3.5 shrink-0" />
        A binary file is not an API key: it is saved without a check with {provider.label}.
      </p>
    );
  }
  if (availability === 'needs-url') {
    return (
      <p className={NOTE} data-testid="key-check-note">
        <Info aria-hidden className="mt-px size-3.5 shrink-0" />
        To check this key with {provider.label} before saving, set your {provider.label} {provider.id === 'livekit' ? 'server' : 'instance'} URL in Settings. It is saved
        without a check.
      </p>
    );
  }

  const base = effectiveBaseUrl(provider, settings) ?? '';
  const pairTitle = companionTitle(provider, secretName);
  const where = `Calls ${provider.endpoint} at ${hostOf(base)}`;
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-2">
        <input
          id={`${id}-check`}
          type="checkbox"
          className={`mt-0.5 size-4 shrink-0 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
          checked={checked}
          disabled={disabled}
          aria-describedby={`${id}-check-hint`}
          onChange={(event) => onCheckedChange(event.currentTarget.checked)}
        />
        <div className="min-w-0">
          <Label htmlFor={`${id}-check`} className="flex items-center gap-1.5">
            <ShieldCheck aria-hidden className="size-3.5 shrink-0" />
            Check this key with {provider.label} before saving
          </Label>
          <p id={`${id}-check-hint`} className="mt-0.5 text-xs break-words text-slate-600 dark:text-slate-400">
            {pairTitle
              ? `${where} with a short-lived token for the API key, signed with the API secret (the secret itself is not sent); the request goes only there.`
              : `${where}; the key is sent only there.`}{' '}
            Only a key {provider.label} accepts is saved, unless you choose to save it anyway.
          </p>
        </div>
      </div>
      {checked && pairTitle && (
        <div className="pl-6">
          <Label htmlFor={`${id}-companion`}>
            {provider.label} {pairTitle} (only for the check, not saved)
          </Label>
          <SecretInput
            id={`${id}-companion`}
            className="mt-1"
            value={companion}
            onValueChange={onCompanionChange}
            inputRef={companionRef}
            disabled={disabled}
            aria-invalid={companionProblem !== null}
            aria-describedby={[`${id}-companion-hint`, companionProblem && `${id}-companion-problem`].filter(Boolean).join(' ')}
          />
          {companionProblem && <FieldProblem id={`${id}-companion-problem`}>{companionProblem}</FieldProblem>}
          <Hint id={`${id}-companion-hint`}>
            {provider.label} checks the key and the secret together; without the other half the check cannot run. It is used once and then dropped.
          </Hint>
        </div>
      )}
    </div>
  );
}
