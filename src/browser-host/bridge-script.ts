import { CHANNEL_NAMES, EVENT_NAMES } from '../shared/channels';

/**
 * The browser host's stand-in for the preload: the same frozen `window.foundry`, one function per
 * contract channel, each a POST to the host instead of an ipcRenderer.invoke. Served as a
 * same-origin script, so the renderer's strict CSP (script-src 'self') applies unchanged. The
 * access token lives in this closure and in the page URL only — no cookie, which every other
 * server on 127.0.0.1 would also receive (cookies are not scoped by port).
 *
 * Events come over one same-origin EventSource (`/events?token=…`), opened as the bridge installs;
 * `on.<event>(listener)` hands the listener the parsed payload only. Events sent while the stream
 * is still connecting are kept by the host and delivered when it opens (a fleet of 300 orgs is
 * listed in ~50 ms: its events used to go out before a stream opened on the first subscription).
 */
export function bridgeScript(token: string): string {
  return `(() => {
  "use strict";
  const names = ${JSON.stringify(CHANNEL_NAMES)};
  const token = ${JSON.stringify(token)};
  const source = new EventSource("/events?token=" + encodeURIComponent(token));
  const api = {};
  for (const name of names) {
    api[name] = Object.freeze((input) =>
      fetch("/ipc/" + name, {
        method: "POST",
        headers: { "content-type": "application/json", "x-foundry-token": token },
        credentials: "omit",
        body: JSON.stringify(input === undefined ? null : input),
      }).then((response) => response.json()));
  }
  const eventNames = ${JSON.stringify(EVENT_NAMES)};
  const on = {};
  for (const name of eventNames) {
    on[name] = Object.freeze((listener) => {
      if (typeof listener !== "function") throw new TypeError("a listener function is required");
      const handler = (message) => listener(JSON.parse(message.data));
      source.addEventListener(name, handler);
      return Object.freeze(() => source.removeEventListener(name, handler));
    });
  }
  api.on = Object.freeze(on);
  Object.defineProperty(window, "foundry", { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
})();
`;
}
