/**
 * `foundry-secrets/runtime`: the reader for agent backends (see reader.ts). Plain Node; built by
 * `npm run build` to dist/runtime (tsconfig.runtime.json + vite.runtime.config.ts).
 */
export { WARM_MAX_PAGES, createSecretReader, llmSecretName, type SecretReader, type SecretRef, type WarmResult } from './reader.js';
export {
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_MISS_TTL_MS,
  NAMING_ENVS,
  resolveReaderConfig,
  type NamingEnv,
  type ReaderBackend,
  type ReaderConfig,
  type SecretReaderOptions,
} from './config.js';
export { SECRET_READER_ERROR_CODES, SecretReaderError, isSecretReaderError, type SecretReaderErrorCode } from './errors.js';
