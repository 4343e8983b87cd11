import { EnvReader, type EnvSource } from '@tradingagents/telemetry/instrumentation-api';
import { log } from './safe.js';

/**
 * The core's env parser (one vocabulary of booleans for every package): an empty value is unset, a
 * bad one is reported through this package's logger and the default is used.
 */
export function instrumentationEnv<Key extends string>(env: EnvSource): EnvReader<Key> {
  return new EnvReader<Key>(env, (key, raw, expected) =>
    log.warn(`ignoring ${key}=${JSON.stringify(raw.slice(0, 64))}: expected ${expected}; using the default.`),
  );
}
