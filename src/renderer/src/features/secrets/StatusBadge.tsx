import { CircleCheck, CircleDashed, Clock, Hourglass, Layers } from 'lucide-react';
import type { SecretStatus } from '../../../../shared/contract';
import { Badge } from '../../components/badge';
import { calendarDate } from '../../lib/time';

export function statusLabel(status: SecretStatus): string {
  switch (status.state) {
    case 'configured':
      return 'Configured';
    case 'not-configured':
      return 'Not configured';
    case 'inherited':
      return 'Inherited from shared';
    case 'scheduled-for-deletion':
      return status.deletionDate ? `Scheduled for deletion on ${calendarDate(status.deletionDate)}` : 'Scheduled for deletion';
  }
}

export function StatusBadge({ status }: { status: SecretStatus }) {
  const label = statusLabel(status);
  switch (status.state) {
    case 'configured':
      return (
        <Badge tone="green">
          <CircleCheck aria-hidden className="size-3.5" />
          {label}
        </Badge>
      );
    case 'not-configured':
      return (
        <Badge tone="slate">
          <CircleDashed aria-hidden className="size-3.5" />
          {label}
        </Badge>
      );
    case 'inherited':
      return (
        <Badge tone="violet">
          <Layers aria-hidden className="size-3.5" />
          {label}
        </Badge>
      );
    case 'scheduled-for-deletion':
      return (
        <Badge tone="amber">
          <Clock aria-hidden className="size-3.5" />
          {label}
        </Badge>
      );
  }
}

/** Next to the status when the value (own or inherited) is older than the stale policy allows. */
export function StaleBadge({ staleAfterDays }: { staleAfterDays: number }) {
  return (
    <Badge tone="amber">
      <Hourglass aria-hidden className="size-3.5" />
      Stale (over {staleAfterDays} {staleAfterDays === 1 ? 'day' : 'days'})
    </Badge>
  );
}
