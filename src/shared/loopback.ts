/**
 * Whether a URL's hostname names this machine: `localhost`, 127.0.0.0/8 or ::1 — the only places
 * plain http may go (a local proxy, LocalStack on this machine, a fake in tests). Not `*.localhost`:
 * without a resolver that pins it, such a name may be sent to DNS.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}
