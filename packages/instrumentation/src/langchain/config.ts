import type { EnvSource } from '@tradingagents/telemetry/instrumentation-api';
import { instrumentationEnv } from '../shared/env.js';
import { log } from '../shared/safe.js';
import type { AgentNameMapper, LangChainInstrumentationConfig } from './types.js';

/** Every environment variable the LangChain instrumentation reads. */
export const LANGCHAIN_ENV_KEYS = ['TRADINGAGENTS_AGENT_NAMES', 'TRADINGAGENTS_SKIP_NODES'] as const;

export type LangChainEnvKey = (typeof LANGCHAIN_ENV_KEYS)[number];

/** The node → agent mapping in effect, each part from the option, else the environment, else the default. */
export interface ResolvedNaming {
  readonly agentNames: Readonly<Record<string, string | false>> | AgentNameMapper | undefined;
  readonly skipNodes: readonly (string | RegExp)[];
}

const SKIP = '-';

function warn(key: LangChainEnvKey, entry: string, expected: string): void {
  log.warn(`${key}: ignoring ${JSON.stringify(entry.slice(0, 128))}; expected ${expected}.`);
}

/**
 * Parses `TRADINGAGENTS_AGENT_NAMES`: comma-separated `node=agent` entries; `node=-` means "not an
 * agent"; several nodes may name one agent (grouped). A malformed entry is reported once and ignored.
 */
export function parseAgentNames(raw: string): Record<string, string | false> {
  const mapping: Record<string, string | false> = {};
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const node = eq < 0 ? '' : entry.slice(0, eq).trim();
    const name = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (node === '' || name === '' || name.includes('=')) {
      warn('TRADINGAGENTS_AGENT_NAMES', entry, 'node=agent_name or node=- (comma-separated)');
      continue;
    }
    mapping[node] = name === SKIP ? false : name;
  }
  return mapping;
}

/** Parses `TRADINGAGENTS_SKIP_NODES`: comma-separated node names. */
export function parseSkipNodes(raw: string): string[] {
  const nodes: string[] = [];
  for (const part of raw.split(',')) {
    const node = part.trim();
    if (node === '') continue;
    if (node.includes('=')) {
      warn('TRADINGAGENTS_SKIP_NODES', node, 'node names (comma-separated)');
      continue;
    }
    nodes.push(node);
  }
  return nodes;
}

function validateAgentNames(value: unknown): void {
  if (value === undefined || typeof value === 'function') return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      'LangChainInstrumentation: agentNames must be a record of node → agent name (or false), or a function',
    );
  }
  for (const [node, name] of Object.entries(value)) {
    if (name !== false && (typeof name !== 'string' || name === '')) {
      throw new TypeError(
        `LangChainInstrumentation: agentNames[${JSON.stringify(node)}] must be a non-empty string or false`,
      );
    }
  }
}

function validateSkipNodes(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || v instanceof RegExp)) {
    throw new TypeError('LangChainInstrumentation: skipNodes must be an array of node names or RegExps');
  }
}

/**
 * The node → agent mapping: each of `agentNames` and `skipNodes` from the option if given, else from
 * `TRADINGAGENTS_AGENT_NAMES` / `TRADINGAGENTS_SKIP_NODES`, else the default (none).
 * @throws TypeError when an option passed explicitly is invalid.
 */
export function resolveNaming(
  config: Pick<LangChainInstrumentationConfig, 'agentNames' | 'skipNodes'>,
  env: EnvSource = process.env,
): ResolvedNaming {
  validateAgentNames(config.agentNames);
  validateSkipNodes(config.skipNodes);
  const read = instrumentationEnv<LangChainEnvKey>(env);
  const namesEnv = config.agentNames === undefined ? read.string('TRADINGAGENTS_AGENT_NAMES') : undefined;
  const skipEnv = config.skipNodes === undefined ? read.string('TRADINGAGENTS_SKIP_NODES') : undefined;
  return Object.freeze({
    agentNames: config.agentNames ?? (namesEnv === undefined ? undefined : parseAgentNames(namesEnv)),
    skipNodes: config.skipNodes ?? (skipEnv === undefined ? [] : parseSkipNodes(skipEnv)),
  });
}
