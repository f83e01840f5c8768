/**
 * Placeholder screen: proves the bridge end to end by listing the catalog's categories.
 * The real UI replaces it in a later issue.
 */
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';

type Catalog = ChannelOutput<'listCatalog'>;
type State = { kind: 'loading' } | { kind: 'ready'; catalog: Catalog } | { kind: 'failed'; message: string };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    window.foundry
      .listCatalog({})
      .then((result) => {
        if (!live) return;
        setState(result.ok ? { kind: 'ready', catalog: result.value } : { kind: 'failed', message: result.error.message });
      })
      .catch(() => live && setState({ kind: 'failed', message: 'The app could not reach its main process.' }));
    return () => {
      live = false;
    };
  }, []);

  return (
    <main>
      <h1>Foundry Secrets</h1>
      {state.kind === 'loading' && <p>Loading…</p>}
      {state.kind === 'failed' && <p role="alert">{state.message}</p>}
      {state.kind === 'ready' && (
        <ul aria-label="Secret categories">
          {state.catalog.categories.map((category) => (
            <li key={category.id}>
              {category.label} ({category.secrets.length})
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
