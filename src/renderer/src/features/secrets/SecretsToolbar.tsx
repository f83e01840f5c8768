import { RefreshCw } from 'lucide-react';
import { useId } from 'react';
import { Button } from '../../components/button';
import { Label, SearchInput } from '../../components/field';
import { useAppStore } from '../../store';
import { DomainSelector } from '../domains/DomainSelector';
import { ImportButton } from '../import/ImportButton';

export function SecretsToolbar() {
  const id = useId();
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const loading = useAppStore((s) => s.secrets.loading);
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  return (
    <div className="flex flex-wrap items-end gap-3">
      <DomainSelector />
      <div className="ml-auto w-72">
        <Label htmlFor={`${id}-filter`}>Filter secrets</Label>
        <div className="mt-1">
          <SearchInput id={`${id}-filter`} placeholder="Name, provider or description" value={filter} onValueChange={setFilter} />
        </div>
      </div>
      <Button onClick={() => void loadSecrets()} disabled={loading} aria-label="Refresh the secrets">
        <RefreshCw aria-hidden className={loading ? 'size-4 animate-spin motion-reduce:animate-none' : 'size-4'} />
        Refresh
      </Button>
      <ImportButton />
    </div>
  );
}
