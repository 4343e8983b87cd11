import type {
  Context,
  MeterProvider,
  Span,
  SpanOptions,
  Tracer,
  TracerOptions,
  TracerProvider,
} from '@opentelemetry/api';
import { withClaimedTracers } from './claimed-tracers.js';
import { type OwnedGlobals, registerFreeGlobals, releaseGlobals } from './otel-globals.js';

/**
 * Takes the OTel globals that are still free at the last moment: when we start our first span (or
 * when {@link LazyGlobals.ensure} is called). An app that starts its own `NodeSDK`, Sentry or a
 * vendor agent after `--import @tradingagents/telemetry/register` (or after our plain call, in the
 * same tick) then registers its globals without a duplicate-registration error, keeps its spans
 * in its own exporters, and ours keep going to Langfuse and `/metrics` through our providers.
 */
export class LazyGlobals {
  private owned: OwnedGlobals | undefined;
  private released = false;

  constructor(
    private readonly tracerProvider: TracerProvider,
    private readonly meterProvider: MeterProvider,
    private readonly onTake: () => void = () => {},
  ) {}

  /** Registers the free globals once; later calls cost one comparison. */
  ensure(): void {
    if (this.owned !== undefined || this.released) return;
    // The global provider hands out an instrumentation's claimed tracers (see claimed-tracers.ts).
    this.owned = registerFreeGlobals(withClaimedTracers(this.tracerProvider), this.meterProvider);
    this.onTake();
  }

  /** Releases the globals we took (none if we never took any); none are taken after this. */
  release(): void {
    this.released = true;
    if (this.owned !== undefined) releaseGlobals(this.owned);
    this.owned = undefined;
  }

  /** A tracer provider whose tracers take the free globals before their first span. */
  provider(): TracerProvider {
    return {
      getTracer: (name: string, version?: string, options?: TracerOptions) =>
        this.tracer(this.tracerProvider.getTracer(name, version, options)),
    };
  }

  /** Wraps a tracer of ours so that its spans start only once the free globals are ours. */
  tracer(inner: Tracer): Tracer {
    const ensure = () => this.ensure();
    return {
      startSpan(name: string, options?: SpanOptions, context?: Context): Span {
        ensure();
        return inner.startSpan(name, options, context);
      },
      startActiveSpan(...args: unknown[]): unknown {
        ensure();
        return (inner.startActiveSpan as (...a: unknown[]) => unknown)(...args);
      },
    } as Tracer;
  }
}
