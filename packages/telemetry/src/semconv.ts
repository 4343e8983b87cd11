/**
 * GenAI semantic-convention keys and values, kept as local constants: the upstream GenAI
 * constants are still "incubating" and move between releases.
 */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** Older name of `gen_ai.provider.name`, still read by Langfuse and many backends. */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
/** Non-standard but read by Langfuse as the total cost in USD. */
export const ATTR_GEN_AI_USAGE_COST = 'gen_ai.usage.cost';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_ERROR_TYPE = 'error.type';

export const GEN_AI_OPERATION_CHAT = 'chat';
export const GEN_AI_OPERATION_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OPERATION_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
export const GEN_AI_OPERATION_INVOKE_WORKFLOW = 'invoke_workflow';

export const GEN_AI_TOKEN_TYPE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_OUTPUT = 'output';

/** Langfuse's OTel attribute keys (see `LangfuseOtelSpanAttributes` in `@langfuse/core`). */
export const ATTR_LANGFUSE_TRACE_NAME = 'langfuse.trace.name';
export const ATTR_LANGFUSE_TRACE_TAGS = 'langfuse.trace.tags';
export const ATTR_LANGFUSE_TRACE_METADATA = 'langfuse.trace.metadata';
export const ATTR_LANGFUSE_TRACE_INPUT = 'langfuse.trace.input';
export const ATTR_LANGFUSE_TRACE_OUTPUT = 'langfuse.trace.output';
export const ATTR_LANGFUSE_USER_ID = 'langfuse.user.id';
export const ATTR_LANGFUSE_SESSION_ID = 'langfuse.session.id';
export const ATTR_USER_ID = 'user.id';
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_LANGFUSE_OBSERVATION_TYPE = 'langfuse.observation.type';
export const ATTR_LANGFUSE_OBSERVATION_MODEL = 'langfuse.observation.model.name';
export const ATTR_LANGFUSE_OBSERVATION_MODEL_PARAMETERS = 'langfuse.observation.model.parameters';
export const ATTR_LANGFUSE_OBSERVATION_USAGE_DETAILS = 'langfuse.observation.usage_details';
export const ATTR_LANGFUSE_OBSERVATION_COST_DETAILS = 'langfuse.observation.cost_details';
export const ATTR_LANGFUSE_OBSERVATION_INPUT = 'langfuse.observation.input';
export const ATTR_LANGFUSE_OBSERVATION_OUTPUT = 'langfuse.observation.output';
export const ATTR_LANGFUSE_OBSERVATION_LEVEL = 'langfuse.observation.level';
export const ATTR_LANGFUSE_OBSERVATION_STATUS_MESSAGE = 'langfuse.observation.status_message';
export const ATTR_LANGFUSE_OBSERVATION_METADATA_PREFIX = 'langfuse.observation.metadata.';
export const ATTR_LANGFUSE_COMPLETION_START_TIME = 'langfuse.observation.completion_start_time';

/** Our own span attributes. */
export const ATTR_TRADINGAGENTS_TICKER = 'tradingagents.ticker';
export const ATTR_TRADINGAGENTS_TRADE_DATE = 'tradingagents.trade_date';
export const ATTR_TRADINGAGENTS_ANALYSIS_COST = 'tradingagents.analysis.cost_usd';
export const ATTR_TRADINGAGENTS_WORKFLOW_COST = 'tradingagents.workflow.cost_usd';
export const ATTR_TRADINGAGENTS_DECISION = 'tradingagents.decision';
