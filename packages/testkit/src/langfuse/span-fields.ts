import * as K from './attribute-keys.js';
import type { OtlpAttributes, OtlpAttributeValue } from './types.js';

// Field extraction shared by traces and observations. Each rule cites the Langfuse docs section
// (OpenTelemetry › Property Mapping) and follows the precedence of the server's
// OtelIngestionProcessor (`langfuse.*` keys first, then OTel GenAI semconv, then framework keys).

/** Langfuse's truthiness test for attribute values (`if (attributes[key])`). */
function present(value: OtlpAttributeValue | undefined): value is OtlpAttributeValue {
  return value !== undefined && value !== null && value !== '' && value !== 0 && value !== false;
}

/** Non-string values are JSON-encoded, as the server does for ids and names. */
function asString(value: OtlpAttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** First present key wins. */
export function firstString(attributes: OtlpAttributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = attributes[key];
    if (present(value)) return asString(value);
  }
  return null;
}

/**
 * Observation name: `gen_ai.tool.name`, then `logfire.msg`, then the Vercel AI SDK's
 * `ai.toolCall.name` / `ai.telemetry.functionId:ai.operationId`, else the span name
 * (server: `extractName`).
 */
export function observationName(spanName: string, attributes: OtlpAttributes): string {
  const named = firstString(attributes, ['gen_ai.tool.name', 'logfire.msg']);
  if (named !== null) return named;
  if ('ai.toolCall.name' in attributes) return String(attributes['ai.toolCall.name']);
  if ('ai.operationId' in attributes) {
    const fn = attributes['ai.telemetry.functionId'];
    return `${present(fn) ? `${String(fn)}:` : ''}${String(attributes['ai.operationId'])}`;
  }
  return spanName;
}

/**
 * Docs › Observation-Level › `environment`: `langfuse.environment`, `deployment.environment.name`,
 * `deployment.environment`; each key is looked up on the span, then on the resource. Default `default`.
 */
export function environmentOf(attributes: OtlpAttributes, resource: OtlpAttributes): string {
  for (const key of [K.ENVIRONMENT, 'deployment.environment.name', 'deployment.environment']) {
    if (present(attributes[key])) return String(attributes[key]);
    if (present(resource[key])) return String(resource[key]);
  }
  return 'default';
}

/** Docs › Trace-Level › `userId`: `langfuse.user.id`, `user.id` (then integration metadata keys). */
export function userIdOf(attributes: OtlpAttributes): string | null {
  return firstString(attributes, [
    K.COMPAT_USER_ID,
    K.USER_ID,
    `${K.OBSERVATION_METADATA}.langfuse_user_id`,
    `${K.TRACE_METADATA}.langfuse_user_id`,
    'ai.telemetry.metadata.userId',
  ]);
}

/** Docs › Trace-Level › `sessionId`: `langfuse.session.id`, `session.id` (then `gen_ai.conversation.id`, metadata keys). */
export function sessionIdOf(attributes: OtlpAttributes): string | null {
  return firstString(attributes, [
    K.COMPAT_SESSION_ID,
    K.SESSION_ID,
    'gen_ai.conversation.id',
    `${K.OBSERVATION_METADATA}.langfuse_session_id`,
    `${K.TRACE_METADATA}.langfuse_session_id`,
    'ai.telemetry.metadata.sessionId',
  ]);
}

/**
 * Docs › Trace-Level › `tags`: `langfuse.trace.tags` as `string[]`. The server also accepts a JSON
 * array string, a comma-separated string or a single string (server: `extractTags`).
 */
export function tagsOf(attributes: OtlpAttributes): string[] {
  let value: OtlpAttributeValue | undefined;
  for (const key of [
    K.TRACE_TAGS,
    'langfuse.tags',
    `${K.OBSERVATION_METADATA}.langfuse_tags`,
    `${K.TRACE_METADATA}.langfuse_tags`,
    'ai.telemetry.metadata.tags',
    'tag.tags',
  ]) {
    if (present(attributes[key])) {
      value = attributes[key];
      break;
    }
  }
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((tag) => String(tag));
  if (typeof value !== 'string') return [];
  if (value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map((tag) => String(tag));
    } catch {
      // Not JSON: fall through to the string forms, as the server does.
    }
  }
  if (value.includes(',')) return value.split(',').map((tag) => tag.trim());
  return [value];
}

/** Docs › Trace-Level › `public`: `langfuse.trace.public` (or `langfuse.public`), `true` or `'true'`. */
export function publicOf(attributes: OtlpAttributes): boolean | null {
  const value = attributes[K.TRACE_PUBLIC] ?? attributes['langfuse.public'];
  if (value === undefined || value === null) return null;
  return value === true || value === 'true';
}

/**
 * Docs › `metadata`: `langfuse.trace.metadata.*` (trace) or `langfuse.observation.metadata.*`
 * (observation) become top-level keys; a JSON object in the bare prefix key (or `langfuse.metadata`)
 * is spread first; `langfuse.metadata.*` and `ai.telemetry.metadata.*` keys count for both domains.
 */
export function langfuseMetadata(
  attributes: OtlpAttributes,
  domain: 'trace' | 'observation',
): Record<string, unknown> {
  const prefix = domain === 'trace' ? K.TRACE_METADATA : K.OBSERVATION_METADATA;
  let topLevel: Record<string, unknown> = {};
  const whole = attributes[prefix] || attributes['langfuse.metadata'];
  if (typeof whole === 'string') {
    try {
      const parsed: unknown = JSON.parse(whole);
      if (typeof parsed === 'object' && parsed !== null) topLevel = parsed as Record<string, unknown>;
    } catch {
      // The server ignores a bare metadata key that is not JSON.
    }
  } else if (typeof whole === 'object' && whole !== null && !Array.isArray(whole)) {
    topLevel = whole;
  }
  const excluded = new Set([
    'ai.telemetry.metadata.userId',
    'ai.telemetry.metadata.sessionId',
    'ai.telemetry.metadata.tags',
    'ai.telemetry.metadata.langfusePrompt',
  ]);
  const keyed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    for (const p of [prefix, 'langfuse.metadata', 'ai.telemetry.metadata']) {
      if (key.startsWith(`${p}.`) && !excluded.has(key)) keyed[key.slice(p.length + 1)] = value;
    }
  }
  return { ...topLevel, ...keyed };
}

/**
 * Docs › Observation-Level › `model`: `langfuse.observation.model.name`, then `gen_ai.response.model`,
 * `ai.model.id`, `gen_ai.request.model`, `llm.response.model`, `llm.model_name`, `model`
 * (server order in `extractModelName`: the response model wins over the request model).
 */
export function modelOf(attributes: OtlpAttributes): string | null {
  return firstString(attributes, [
    K.OBSERVATION_MODEL,
    'gen_ai.response.model',
    'ai.model.id',
    'gen_ai.request.model',
    'llm.response.model',
    'llm.model_name',
    'model',
  ]);
}

// Langfuse keeps model parameters as strings or numbers; anything else is JSON-encoded.
function sanitizeParameters(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value),
    ]),
  );
}

function parseJsonObject(value: OtlpAttributeValue | undefined): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Docs › Observation-Level › `modelParameters`: `langfuse.observation.model.parameters` (JSON), else
 * `llm.invocation_parameters` (JSON), `model_config` (JSON), else every `gen_ai.request.*` key except
 * `gen_ai.request.model`, with the prefix removed.
 */
export function modelParametersOf(attributes: OtlpAttributes): Record<string, unknown> {
  for (const key of [K.OBSERVATION_MODEL_PARAMETERS, 'llm.invocation_parameters', 'model_config']) {
    const parsed = parseJsonObject(attributes[key]);
    if (parsed !== undefined) return sanitizeParameters(parsed);
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('gen_ai.request.') && key !== 'gen_ai.request.model') {
      params[key.slice('gen_ai.request.'.length)] = value;
    }
  }
  return sanitizeParameters(params);
}

/** Docs › `completionStartTime`: `langfuse.observation.completion_start_time`, an ISO date (possibly JSON-quoted). */
export function completionStartTimeOf(attributes: OtlpAttributes): string | null {
  const value = attributes[K.OBSERVATION_COMPLETION_START_TIME];
  if (typeof value !== 'string') return null;
  const isDate = (text: unknown): text is string =>
    typeof text === 'string' && !Number.isNaN(Date.parse(text));
  if (isDate(value)) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return isDate(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Server `hasTraceUpdates`: a non-root span that sets any trace-level key updates the trace. */
export function hasTraceUpdates(attributes: OtlpAttributes): boolean {
  const keys = [
    K.TRACE_NAME,
    K.TRACE_INPUT,
    K.TRACE_OUTPUT,
    K.TRACE_METADATA,
    K.USER_ID,
    K.SESSION_ID,
    K.TRACE_PUBLIC,
    K.TRACE_TAGS,
    K.COMPAT_USER_ID,
    K.COMPAT_SESSION_ID,
    `${K.OBSERVATION_METADATA}.langfuse_user_id`,
    `${K.OBSERVATION_METADATA}.langfuse_session_id`,
    `${K.OBSERVATION_METADATA}.langfuse_tags`,
    `${K.TRACE_METADATA}.langfuse_session_id`,
    `${K.TRACE_METADATA}.langfuse_user_id`,
    `${K.TRACE_METADATA}.langfuse_tags`,
    'ai.telemetry.metadata.sessionId',
    'ai.telemetry.metadata.userId',
    'ai.telemetry.metadata.tags',
    'tag.tags',
  ];
  return (
    keys.some((key) => present(attributes[key])) ||
    Object.keys(attributes).some((key) => key.startsWith(K.TRACE_METADATA))
  );
}

/** Release: `langfuse.release` on the span, else on the resource (docs › Trace-Level › `release`). */
export function releaseOf(attributes: OtlpAttributes, resource: OtlpAttributes): string | null {
  const value = attributes[K.RELEASE] ?? resource[K.RELEASE];
  return value === undefined || value === null ? null : String(value);
}

/** Version: `langfuse.version`, else the resource's `service.version` (docs › `version`). */
export function versionOf(attributes: OtlpAttributes, resource: OtlpAttributes): string | null {
  const value = attributes[K.VERSION] ?? resource['service.version'];
  return value === undefined || value === null ? null : String(value);
}
