import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of the Anthropic TypeScript SDK instrumentation: only the OpenTelemetry base options
 * (`enabled`). Content capture follows the core's `content.capture`.
 */
export interface AnthropicInstrumentationConfig extends InstrumentationConfig {}
