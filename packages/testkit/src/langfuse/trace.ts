import * as K from './attribute-keys.js';
import { inputOutputOf } from './input-output.js';
import { observationMetadata } from './observation.js';
import { nanosToIso } from './otlp-decode.js';
import {
  environmentOf,
  hasTraceUpdates,
  langfuseMetadata,
  observationName,
  publicOf,
  releaseOf,
  sessionIdOf,
  tagsOf,
  userIdOf,
  versionOf,
} from './span-fields.js';
import type { LangfuseTrace, OtlpSpan } from './types.js';

// Trace building. Docs (OpenTelemetry › Property Mapping › Trace-Level Attributes): "These
// attributes are applied to the trace record in Langfuse. They may be set on any span in the trace."
// As in the server, the root span (no parent, or `langfuse.internal.as_root`) yields the full
// record; any other span that sets a trace-level key yields a partial update. Updates apply in
// start-time order (ties: arrival order) with later non-null values winning, tags unioned and
// metadata merged. Explicit `langfuse.trace.name|input|output` always beat the root span's own
// name and observation input/output, which are only fallbacks (the server's event merge makes the
// winner depend on millisecond timestamps; a test helper needs a deterministic rule).

type TraceUpdate = Partial<Omit<LangfuseTrace, 'id' | 'observationIds' | 'rootObservationId' | 'timestamp'>>;

/** What the root span offers when no span sets the trace-level key explicitly. */
interface RootFallback {
  name: string;
  input: unknown;
  output: unknown;
}

function isRoot(span: OtlpSpan): boolean {
  return span.parentSpanId === undefined || String(span.attributes[K.AS_ROOT]) === 'true';
}

function updateFrom(span: OtlpSpan, root: boolean): TraceUpdate | undefined {
  const a = span.attributes;
  if (!root && !hasTraceUpdates(a)) return undefined;
  const r = span.resource.attributes;
  // Only the explicit trace keys here; the root's own name and input/output are fallbacks.
  const { input, output } = inputOutputOf(
    { [K.TRACE_INPUT]: a[K.TRACE_INPUT] ?? null, [K.TRACE_OUTPUT]: a[K.TRACE_OUTPUT] ?? null },
    [],
    'trace',
  );
  return {
    name: (a[K.TRACE_NAME] as string | undefined) ?? null,
    userId: userIdOf(a),
    sessionId: sessionIdOf(a),
    release: releaseOf(a, r),
    version: versionOf(a, r),
    public: publicOf(a),
    tags: tagsOf(a),
    metadata: root
      ? observationMetadata(span, { ...langfuseMetadata(a, 'trace'), ...langfuseMetadata(a, 'observation') })
      : langfuseMetadata(a, 'trace'),
    input,
    output,
  };
}

function rootFallback(span: OtlpSpan): RootFallback {
  const { input, output } = inputOutputOf(span.attributes, span.events, 'observation');
  return { name: observationName(span.name, span.attributes), input, output };
}

/** Groups spans by trace id and builds each trace as Langfuse would store it. */
export function buildTraces(spans: readonly OtlpSpan[]): LangfuseTrace[] {
  const byTrace = new Map<string, OtlpSpan[]>();
  for (const span of spans) {
    const group = byTrace.get(span.traceId) ?? [];
    group.push(span);
    byTrace.set(span.traceId, group);
  }
  return [...byTrace.entries()].map(([id, group]) => {
    const ordered = [...group].sort((x, y) => compareNanos(x.startTimeUnixNano, y.startTimeUnixNano));
    const root = group.find(isRoot);
    const trace: LangfuseTrace = {
      id,
      name: null,
      timestamp: nanosToIso(ordered[0].startTimeUnixNano),
      userId: null,
      sessionId: null,
      tags: [],
      environment: 'default',
      release: null,
      version: null,
      public: null,
      metadata: {},
      input: null,
      output: null,
      rootObservationId: root?.spanId ?? null,
      observationIds: group.map((span) => span.spanId),
    };
    for (const span of ordered) {
      // Every span carries the environment (docs › `environment`); a non-default one is kept.
      const environment = environmentOf(span.attributes, span.resource.attributes);
      if (environment !== 'default') trace.environment = environment;
      const update = updateFrom(span, span === root);
      if (update !== undefined) merge(trace, update);
    }
    if (root !== undefined) {
      // Docs › Trace-Level › `name`: "Span name of the root span"; › `input`/`output`: "Root span's
      // observation input/output" — used when no span set the langfuse.trace.* key.
      const fallback = rootFallback(root);
      trace.name ??= fallback.name;
      if (trace.input === null) trace.input = fallback.input;
      if (trace.output === null) trace.output = fallback.output;
    }
    return trace;
  });
}

function merge(trace: LangfuseTrace, update: TraceUpdate): void {
  for (const key of [
    'name',
    'userId',
    'sessionId',
    'release',
    'version',
    'public',
    'input',
    'output',
  ] as const) {
    const value = update[key];
    if (value !== undefined && value !== null) (trace as unknown as Record<string, unknown>)[key] = value;
  }
  for (const tag of update.tags ?? []) if (!trace.tags.includes(tag)) trace.tags.push(tag);
  trace.metadata = { ...trace.metadata, ...update.metadata };
}

function compareNanos(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
