import { ShieldAlert, ShieldCheck, ShieldQuestion } from 'lucide-react';
import type { KeyHealth } from '../../../../shared/key-health';
import { Badge } from '../../components/badge';
import { OUTDATED_NOTE, healthLabel } from './health-words';

/**
 * The provider's verdict on the key, from the tags `foundry-secrets verify` wrote where reading is
 * allowed (the app itself never reads the value). An outdated verdict is about an earlier value,
 * so it is shown muted, with the reason.
 */
export function HealthBadge({ health, now }: { health: KeyHealth; now: number }) {
  const label = healthLabel(health, now);
  const tone = health.outdated ? 'slate' : health.verdict === 'valid' ? 'green' : health.verdict === 'rejected' ? 'red' : 'amber';
  const Icon = health.verdict === 'valid' ? ShieldCheck : health.verdict === 'rejected' ? ShieldAlert : ShieldQuestion;
  return (
    <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="key-health" data-verdict={health.verdict} {...(health.outdated && { 'data-outdated': true })}>
      <Badge tone={tone}>
        <Icon aria-hidden className="size-3.5" />
        <time dateTime={health.checkedAt}>{label}</time>
      </Badge>
      {health.outdated && <span className="text-xs text-slate-700 dark:text-slate-300">{OUTDATED_NOTE}</span>}
    </p>
  );
}
