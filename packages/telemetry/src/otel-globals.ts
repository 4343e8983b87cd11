import {
  context,
  type MeterProvider,
  metrics,
  propagation,
  type TextMapPropagator,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

type GlobalName = 'trace' | 'context' | 'propagation' | 'metrics' | 'diag';

/** The OTel API's global registry (one per API major version), as `@opentelemetry/api` keeps it. */
export function isRegistered(name: GlobalName): boolean {
  const registry = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('opentelemetry.js.api.1')
  ];
  return registry?.[name] !== undefined;
}

/** Which OTel globals we registered (and so may release); the others belong to the app. */
export interface OwnedGlobals {
  readonly trace: boolean;
  readonly context: boolean;
  readonly propagation: boolean;
  readonly metrics: boolean;
}

/**
 * Registers our providers as the OTel globals that are still free. Globals the app (its own
 * `NodeSDK`, Sentry, a vendor agent) registered first are left to it: a second registration would
 * fail with an error line and a stack trace, and would take nothing from the app. Our spans and
 * metrics do not need the globals: our instrumentations and our runtime hold our providers.
 */
export function registerFreeGlobals(
  tracerProvider: TracerProvider,
  meterProvider: MeterProvider,
): OwnedGlobals {
  const owned = {
    context: !isRegistered('context'),
    propagation: !isRegistered('propagation'),
    trace: !isRegistered('trace'),
    metrics: !isRegistered('metrics'),
  };
  if (owned.context) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  if (owned.propagation) {
    const propagator: TextMapPropagator = new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    });
    propagation.setGlobalPropagator(propagator);
  }
  if (owned.trace) trace.setGlobalTracerProvider(tracerProvider);
  if (owned.metrics) metrics.setGlobalMeterProvider(meterProvider);
  return Object.freeze(owned);
}

/** Unregisters the globals we registered, so that a later registration (or another SDK) can register afresh. */
export function releaseGlobals(owned: OwnedGlobals): void {
  if (owned.trace) trace.disable();
  if (owned.context) context.disable();
  if (owned.propagation) propagation.disable();
  if (owned.metrics) metrics.disable();
}
