import { CHANNEL_NAMES } from '../shared/channels';

/**
 * The browser host's stand-in for the preload: the same frozen `window.foundry`, one function per
 * contract channel, each a POST to the host instead of an ipcRenderer.invoke. Served as a
 * same-origin script, so the renderer's strict CSP (script-src 'self') applies unchanged.
 */
export function bridgeScript(): string {
  return `(() => {
  "use strict";
  const names = ${JSON.stringify(CHANNEL_NAMES)};
  const api = {};
  for (const name of names) {
    api[name] = Object.freeze((input) =>
      fetch("/ipc/" + name, {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(input === undefined ? null : input),
      }).then((response) => response.json()));
  }
  Object.defineProperty(window, "foundry", { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
})();
`;
}
