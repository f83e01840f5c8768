import { Eraser, RotateCcw } from 'lucide-react';
import { useId, useRef, type ReactNode } from 'react';
import { KEY_CHECK_PROVIDERS, type KeyCheckProvider, type KeyCheckProviderId, type KeyCheckSettings } from '../../../../shared/key-checks';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { cn } from '../../lib/cn';

interface Props {
  /** The URLs as typed, per provider. */
  typed: Readonly<Record<KeyCheckProviderId, string>>;
  /** The problem to show per provider (only for fields changed since the last save). */
  shown: Readonly<Partial<Record<KeyCheckProviderId, string>>>;
  /** What checks use now (the stored settings). */
  stored: KeyCheckSettings;
  disabled: boolean;
  onChange(providerId: KeyCheckProviderId, value: string): void;
}

/** Where n8n and LiveKit live differs per person: an example, not a default. */
const INSTANCE_EXAMPLES: Readonly<Partial<Record<KeyCheckProviderId, string>>> = {
  n8n: 'https://n8n.example.com',
  livekit: 'https://livekit.example.com',
};

const TH = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300';
/** Stacked (one block per cell) in a narrow container, a table cell from 48rem on. */
const CELL = 'block px-3 py-1.5 align-top @3xl:table-cell @3xl:py-3';

/** A cell's own heading while the table is stacked (the column headers are hidden then). */
function StackedLabel({ children }: { children: ReactNode }) {
  return <span className="block text-xs font-semibold tracking-wide text-slate-700 uppercase @3xl:hidden dark:text-slate-300">{children}</span>;
}

function BaseUrlField({ provider, typed, problem, stored, disabled, onChange }: { provider: KeyCheckProvider; typed: string; problem: string | undefined; stored: KeyCheckSettings; disabled: boolean; onChange(value: string): void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const hasDefault = provider.defaultBaseUrl !== null;
  const inUse = stored.baseUrls[provider.id] ?? provider.defaultBaseUrl;
  const pending = typed.trim() !== (stored.baseUrls[provider.id] ?? '');
  const after = typed.trim() || provider.defaultBaseUrl;
  const describedBy = [problem && `${id}-problem`, `${id}-hint`].filter(Boolean).join(' ');

  return (
    <div className="min-w-0">
      <Label htmlFor={id}>
        <span className="sr-only">{provider.label} </span>
        {hasDefault ? 'Base URL' : 'Instance URL (required for the check)'}
      </Label>
      <div className="mt-1 flex min-w-0 items-center gap-2">
        <TextInput
          ref={input}
          id={id}
          // Not type="url": its value sanitising would fight a controlled field (trailing spaces vanish as typed).
          type="text"
          inputMode="url"
          className="min-w-0 flex-1 font-mono text-xs"
          value={typed}
          disabled={disabled}
          placeholder={provider.defaultBaseUrl ?? INSTANCE_EXAMPLES[provider.id] ?? 'https://'}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={problem !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
        <Button
          size="sm"
          disabled={disabled || typed === ''}
          aria-label={hasDefault ? `Reset: use the default ${provider.label} base URL` : `Clear the ${provider.label} instance URL`}
          onClick={() => {
            onChange('');
            // The button disables itself: keep the keyboard in the field it just emptied.
            input.current?.focus();
          }}
        >
          {hasDefault ? <RotateCcw aria-hidden className="size-3.5" /> : <Eraser aria-hidden className="size-3.5" />}
          {hasDefault ? 'Reset' : 'Clear'}
        </Button>
      </div>
      {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
      <Hint id={`${id}-hint`}>
        {inUse ? (
          <>
            In use: <span className="font-mono break-all">{inUse}</span>
            {stored.baseUrls[provider.id] === undefined ? ' (the default).' : hasDefault ? ' (yours; empty: the default).' : '.'}
          </>
        ) : (
          'None yet: this check cannot run until you enter your instance’s URL.'
        )}
        {pending && !problem && (
          <span className="block font-medium text-slate-800 dark:text-slate-200">
            After saving: {after ? <span className="font-mono break-all">{after}</span> : 'none (the check cannot run)'}
            {!typed.trim() && hasDefault ? ' (the default)' : ''}
          </span>
        )}
      </Hint>
    </div>
  );
}

/**
 * Every provider with a live check: which secrets it checks, the call made, and the base URL it
 * is made to (an override, validated as typed). A table from 48rem of container width; below
 * that, each provider is a stacked block with its own headings, so nothing scrolls sideways.
 */
export function ProviderTable({ typed, shown, stored, disabled, onChange }: Props) {
  return (
    <div className="@container rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
      {/* Explicit roles: the cells change `display` when stacked, which can strip a table's semantics. */}
      <table role="table" aria-label="Providers checked, their endpoints and base URLs" className="block w-full text-sm text-slate-800 @3xl:table @3xl:table-fixed dark:text-slate-200">
        <colgroup>
          <col className="w-44" />
          <col />
          <col className="w-[24rem]" />
        </colgroup>
        <thead role="rowgroup" className="hidden bg-slate-100 @3xl:table-header-group dark:bg-slate-800">
          <tr role="row">
            <th role="columnheader" scope="col" className={cn(TH, 'rounded-tl-lg')}>
              Provider
            </th>
            <th role="columnheader" scope="col" className={TH}>
              Endpoint called
            </th>
            <th role="columnheader" scope="col" className={cn(TH, 'rounded-tr-lg')}>
              Base URL
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" className="block @3xl:table-row-group">
          {KEY_CHECK_PROVIDERS.map((provider, index) => (
            <tr
              key={provider.id}
              role="row"
              data-provider={provider.id}
              className={cn('block py-2 @3xl:table-row @3xl:py-0', index > 0 && 'border-t border-slate-200 dark:border-slate-700')}
            >
              <th role="rowheader" scope="row" className={cn(CELL, 'text-left font-normal')}>
                <span className="block font-semibold text-slate-900 dark:text-slate-50">{provider.label}</span>
                <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">Checks</span>
                <ul aria-label={`Secrets ${provider.label} checks`} className="text-xs text-slate-700 dark:text-slate-300">
                  {provider.secretNames.map((name) => (
                    <li key={name}>
                      <code className="font-mono break-all">{name}</code>
                    </li>
                  ))}
                </ul>
              </th>
              <td role="cell" className={CELL}>
                <StackedLabel>Endpoint called</StackedLabel>
                <code className="block font-mono text-xs break-words text-slate-900 dark:text-slate-100">{provider.endpoint}</code>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{provider.note}</p>
              </td>
              <td role="cell" className={CELL}>
                <BaseUrlField
                  provider={provider}
                  typed={typed[provider.id]}
                  problem={shown[provider.id]}
                  stored={stored}
                  disabled={disabled}
                  onChange={(value) => onChange(provider.id, value)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
