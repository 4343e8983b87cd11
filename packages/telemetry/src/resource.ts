import { arch, hostname } from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import {
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { ResolvedConfig } from './config.js';

/** Attribute keys that may carry secrets or the command line; never exported. */
const FORBIDDEN_KEY =
  /(secret|password|passwd|token|api[_.-]?key|auth|credential|private|command_args|command_line)/i;

function scrub(attributes: Attributes): Attributes {
  const clean: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!FORBIDDEN_KEY.test(key)) clean[key] = value;
  }
  return clean;
}

/**
 * The resource for metrics and spans. It deliberately leaves out the process detector: its
 * `process.command_args` / `process.command_line` would put argv (often holding secrets) into
 * `target_info` and onto every span. Host attributes are read synchronously so nothing is pending.
 */
export function buildResource(config: ResolvedConfig): Resource {
  const fromEnv = detectResources({ detectors: [envDetector] }).attributes;
  return resourceFromAttributes(
    scrub({
      'host.name': hostname(),
      'host.arch': arch(),
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'telemetry.distro.name': '@tradingagents/telemetry',
      ...fromEnv,
      ...config.resourceAttributes,
      'service.name': config.serviceName,
      ...(config.serviceVersion ? { 'service.version': config.serviceVersion } : {}),
    }),
  );
}
