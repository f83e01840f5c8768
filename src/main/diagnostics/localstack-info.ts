/**
 * LocalStack's `GET /_localstack/info` — read only for its `edition`, `version` and
 * `is_license_activated` — and the `Date` header of its answer (clock skew when Secrets Manager
 * does not answer). Bounded in time and size; never throws.
 *
 * Why it is asked at all: the health answer alone cannot tell a missing or invalid auth token. What
 * LocalStack does without a valid LOCALSTACK_AUTH_TOKEN, from its own reports:
 * - Images from 2026-03-23 on (`localstack/localstack:latest`) quit at start with exit code 55
 *   ("The license activation failed … No credentials were found in the environment. Please make sure
 *   to either set the LOCALSTACK_AUTH_TOKEN variable …"): nothing listens on 4566, which looks the
 *   same as a stopped container from here (https://github.com/microcks/microcks/issues/2008,
 *   https://github.com/apache/pekko-connectors/issues/1517; facts sheet §5).
 * - Older Pro images quit the same way ("API key activation failed … Localstack has quit",
 *   https://github.com/localstack-samples/localstack-pro-samples/issues/252), unless told to go on
 *   without the license (ACTIVATE_PRO=0, https://github.com/localstack/docs/pull/1000): then they
 *   run and `/_localstack/info` answers `is_license_activated: false` (added in
 *   https://github.com/localstack/localstack/pull/9290; facts sheet §5).
 * - The health answer (`services`, `edition`, `version`) carries no license field; a service that
 *   is not running shows `stopped`, `error`, `disabled` or is missing (ServiceState).
 */
import { z } from 'zod';
import { readCapped } from '../backends/localstack';

export interface LocalStackInfo {
  readonly answered: boolean;
  readonly licenseActivated?: boolean;
  readonly edition?: string;
  /** The server's `Date` header, and when it was received (for the skew). */
  readonly serverDate?: Date;
  readonly receivedAt?: Date;
}

const InfoBody = z.looseObject({ is_license_activated: z.boolean().optional(), edition: z.string().max(64).optional() });
const MAX_INFO_BYTES = 64 * 1024;

export async function readLocalStackInfo(endpoint: string, options: { timeoutMs: number; signal?: AbortSignal; now?: () => Date }): Promise<LocalStackInfo> {
  const now = options.now ?? (() => new Date());
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  try {
    const response = await fetch(new URL('/_localstack/info', `${endpoint}/`), { signal: AbortSignal.any(signals), redirect: 'error', headers: { accept: 'application/json' } });
    const receivedAt = now();
    const dateHeader = response.headers.get('date');
    const serverDate = dateHeader ? new Date(dateHeader) : undefined;
    const dated = serverDate && !Number.isNaN(serverDate.getTime()) ? { serverDate, receivedAt } : {};
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { answered: false, ...dated };
    }
    // Counted as it streams: a chunked body has no Content-Length to check first.
    const read = await readCapped(response, MAX_INFO_BYTES);
    if (read.kind !== 'text') return { answered: false, ...dated };
    const parsed = InfoBody.safeParse(JSON.parse(read.text));
    if (!parsed.success) return { answered: false, ...dated };
    return {
      answered: true,
      ...(parsed.data.is_license_activated !== undefined && { licenseActivated: parsed.data.is_license_activated }),
      ...(parsed.data.edition && { edition: parsed.data.edition.replace(/[^\w.+\- ]/g, '') }),
      ...dated,
    };
  } catch {
    return { answered: false };
  }
}
