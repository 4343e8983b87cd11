import * as K from './attribute-keys.js';
import { filteredAttributes, inputOutputOf } from './input-output.js';
import { carriesGenerationFields, observationTypeOf } from './observation-type.js';
import { nanosToIso } from './otlp-decode.js';
import {
  completionStartTimeOf,
  environmentOf,
  langfuseMetadata,
  modelOf,
  modelParametersOf,
  observationName,
  versionOf,
} from './span-fields.js';
import type { LangfuseObservation, OtlpSpan } from './types.js';
import { usageAndCostOf } from './usage.js';

/** Spans from the Langfuse SDKs carry no `metadata.attributes` (server: `isLangfuseSDKSpans`). */
export function isLangfuseSdkSpan(span: OtlpSpan): boolean {
  return span.scope.name.startsWith('langfuse-sdk');
}

/** Observation metadata: Langfuse metadata keys, raw attributes (non-SDK spans), resource and scope. */
export function observationMetadata(
  span: OtlpSpan,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...langfuseMetadata(span.resource.attributes, 'trace'),
    ...extra,
    ...(isLangfuseSdkSpan(span) ? {} : { attributes: filteredAttributes(span.attributes) }),
    resourceAttributes: span.resource.attributes,
    scope: { ...span.scope },
  };
}

function promptVersionOf(value: unknown): number | null {
  const number = Number(value);
  return value === undefined || value === null || !Number.isInteger(number) ? null : number;
}

/** Maps one span to the observation Langfuse would store. */
export function toObservation(span: OtlpSpan): LangfuseObservation {
  const attributes = span.attributes;
  const type = observationTypeOf(attributes);
  const { input, output } = inputOutputOf(attributes, span.events, 'observation');
  const usage = usageAndCostOf(attributes);
  const generation = carriesGenerationFields(type);
  const startTime = nanosToIso(span.startTimeUnixNano);
  const promptName = attributes[K.OBSERVATION_PROMPT_NAME] ?? attributes['langfuse.prompt.name'];
  return {
    id: span.spanId,
    traceId: span.traceId,
    parentObservationId: span.parentSpanId ?? null,
    name: observationName(span.name, attributes),
    type,
    startTime,
    endTime: nanosToIso(span.endTimeUnixNano),
    // Docs › `level`: `langfuse.observation.level`, else inferred from `span.status.code` (2 = ERROR).
    level: String(attributes[K.OBSERVATION_LEVEL] ?? (span.status.code === 2 ? 'ERROR' : 'DEFAULT')),
    // Docs › `statusMessage`: `langfuse.observation.status_message`, else `span.status.message`.
    statusMessage:
      (attributes[K.OBSERVATION_STATUS_MESSAGE] as string | undefined) ?? span.status.message ?? null,
    version: versionOf(attributes, span.resource.attributes),
    environment: environmentOf(attributes, span.resource.attributes),
    // Docs: model, modelParameters, usage, cost, prompt and completionStartTime "only apply to
    // observations of type `generation`" (and the other generation-like types).
    completionStartTime: generation ? completionStartTimeOf(attributes) : null,
    model: generation ? modelOf(attributes) : null,
    modelParameters: generation ? modelParametersOf(attributes) : {},
    usageDetails: generation ? usage.usageDetails : {},
    costDetails: generation ? usage.costDetails : {},
    promptName: generation && promptName !== undefined && promptName !== null ? String(promptName) : null,
    promptVersion: generation
      ? promptVersionOf(attributes[K.OBSERVATION_PROMPT_VERSION] ?? attributes['langfuse.prompt.version'])
      : null,
    input,
    output,
    metadata: observationMetadata(span, langfuseMetadata(attributes, 'observation')),
    scope: {
      name: span.scope.name,
      ...(span.scope.version === undefined ? {} : { version: span.scope.version }),
    },
    attributes,
    resourceAttributes: span.resource.attributes,
    issues: generation ? usage.issues : [],
  };
}
