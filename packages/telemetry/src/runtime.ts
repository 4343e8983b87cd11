import { diag, type Tracer } from '@opentelemetry/api';
import type { ResolvedConfig } from './config.js';
import { captureContent } from './content.js';
import { Pricer } from './pricing/pricer.js';
import type { InternalComponent, MetricsRecorder } from './recorder.js';

/**
 * What the scopes need once telemetry is registered: our tracer, the metric recorder, prices and the
 * content policy, and the error policy every scope step runs under (nothing reaches the app: an
 * error of ours is counted and logged). Kept on `globalThis` (see global.ts) for the `start*` and
 * `track*` functions and the instrumentations.
 */
export class TelemetryRuntime {
  readonly pricer: Pricer;

  constructor(
    readonly config: ResolvedConfig,
    readonly tracer: Tracer,
    readonly recorder: MetricsRecorder,
  ) {
    this.pricer = new Pricer(config.prices);
  }

  /** Runs `fn`, counting and logging any error instead of throwing it. */
  guard(component: InternalComponent, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.internalError(component, error);
    }
  }

  /** Counts an error of ours on `tradingagents_telemetry_internal_errors_total` and logs it. */
  internalError(component: InternalComponent, error: unknown): void {
    try {
      this.recorder.internalError(component);
      diag.error(`@tradingagents/telemetry: internal error in ${component}`, error);
    } catch {
      // Nothing more can be done without risking the app.
    }
  }

  /** The content to put on a span, or `undefined` when capture is off (see content.ts). */
  capture(content: unknown): string | undefined {
    return captureContent(this.config.content, content);
  }
}
