// Attribute keys Langfuse reads, as listed in the Langfuse docs (OpenTelemetry › Property Mapping,
// https://langfuse.com/integrations/native/opentelemetry#property-mapping) and in the server's
// `packages/shared/src/server/otel/attributes.ts`.

export const TRACE_NAME = 'langfuse.trace.name';
export const TRACE_TAGS = 'langfuse.trace.tags';
export const TRACE_PUBLIC = 'langfuse.trace.public';
export const TRACE_METADATA = 'langfuse.trace.metadata';
export const TRACE_INPUT = 'langfuse.trace.input';
export const TRACE_OUTPUT = 'langfuse.trace.output';
export const USER_ID = 'user.id';
export const SESSION_ID = 'session.id';
/** Older documented spellings, still honoured (and checked first). */
export const COMPAT_USER_ID = 'langfuse.user.id';
export const COMPAT_SESSION_ID = 'langfuse.session.id';

export const OBSERVATION_TYPE = 'langfuse.observation.type';
export const OBSERVATION_METADATA = 'langfuse.observation.metadata';
export const OBSERVATION_LEVEL = 'langfuse.observation.level';
export const OBSERVATION_STATUS_MESSAGE = 'langfuse.observation.status_message';
export const OBSERVATION_INPUT = 'langfuse.observation.input';
export const OBSERVATION_OUTPUT = 'langfuse.observation.output';
export const OBSERVATION_COMPLETION_START_TIME = 'langfuse.observation.completion_start_time';
export const OBSERVATION_MODEL = 'langfuse.observation.model.name';
export const OBSERVATION_MODEL_PARAMETERS = 'langfuse.observation.model.parameters';
export const OBSERVATION_USAGE_DETAILS = 'langfuse.observation.usage_details';
export const OBSERVATION_COST_DETAILS = 'langfuse.observation.cost_details';
export const OBSERVATION_PROMPT_NAME = 'langfuse.observation.prompt.name';
export const OBSERVATION_PROMPT_VERSION = 'langfuse.observation.prompt.version';

export const ENVIRONMENT = 'langfuse.environment';
export const RELEASE = 'langfuse.release';
export const VERSION = 'langfuse.version';
export const AS_ROOT = 'langfuse.internal.as_root';
