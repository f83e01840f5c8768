/**
 * The floor for bench/renderer.bench.ts's first-card figure: the least a React window can do to
 * show a secret card on this machine — React 19 and react-dom evaluated, one call to main through
 * the same bridge (listSecretStatus of the org the benchmark seeds first), one render of one
 * `article[data-secret]` per secret. No store, no schemas, no shell, no styles. The app's own
 * figure is read against this one measured in the same sitting: what the app adds over the floor
 * is what the app can change; the floor is the machine (and React).
 * Built by `npm run bench:renderer-floor` into out/renderer-floor and served by the browser host.
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface Answer {
  readonly ok: boolean;
  readonly value?: { readonly secrets?: readonly { readonly secretId: string }[] };
}
type Bridge = Record<string, (input: unknown) => Promise<unknown>>;

const FIRST_ORG = 'org-0000';

function Floor() {
  const [secretIds, setSecretIds] = useState<readonly string[]>([]);
  useEffect(() => {
    const bridge = (window as unknown as { foundry: Bridge }).foundry;
    void bridge['listSecretStatus']?.({ orgId: FIRST_ORG, domainId: 'shared' }).then((raw) => {
      setSecretIds(((raw as Answer).value?.secrets ?? []).map((secret) => secret.secretId));
    });
  }, []);
  return (
    <main>
      {secretIds.map((id) => (
        <article key={id} data-secret={id}>
          <h3>{id}</h3>
        </article>
      ))}
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Floor />);
