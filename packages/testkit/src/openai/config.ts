import type { OpenAIServerOptions, Responder } from './types.js';

/** {@link OpenAIServerOptions} with defaults applied. */
export interface OpenAIServerConfig {
  readonly host: string;
  readonly port: number;
  readonly latencyMs: number;
  readonly streamChunkDelayMs: number;
  readonly responder: Responder | undefined;
  readonly models: readonly string[];
  readonly embeddingDimensions: number;
  readonly maxBodyBytes: number;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}

/** Applies defaults (`??`, never `||`) and rejects invalid explicit options. */
export function resolveOpenAIServerConfig(options: OpenAIServerOptions): OpenAIServerConfig {
  const dimensions = options.embeddingDimensions ?? 1536;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new TypeError(`embeddingDimensions must be a positive integer, got ${dimensions}`);
  }
  return Object.freeze({
    host: options.host ?? '127.0.0.1',
    port: nonNegative('port', options.port ?? 0),
    latencyMs: nonNegative('latencyMs', options.latencyMs ?? 0),
    streamChunkDelayMs: nonNegative('streamChunkDelayMs', options.streamChunkDelayMs ?? 0),
    responder: options.responder,
    models: Object.freeze([...(options.models ?? ['gpt-4o-mini', 'gpt-4.1-mini', 'text-embedding-3-small'])]),
    embeddingDimensions: dimensions,
    maxBodyBytes: nonNegative('maxBodyBytes', options.maxBodyBytes ?? 16 * 1024 * 1024),
  });
}
