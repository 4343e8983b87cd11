import {
  type Attributes,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  TraceFlags,
} from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/**
 * Ended spans as plain JSON and back, for the spool: everything the OTLP exporters read from a
 * `ReadableSpan` (ids, flags, trace state, parent, times, attributes, events, links, status, dropped
 * counts, instrumentation scope and resource), so that a restored span exports the same OTLP body as
 * the original. Resources are written once per file and shared again on reading, so that restored
 * spans group under one `resourceSpans` entry as before.
 */

interface EncodedContext {
  t: string;
  s: string;
  f: number;
  ts?: string;
  r?: boolean;
}

interface EncodedSpan {
  n: string;
  k: number;
  c: EncodedContext;
  p?: EncodedContext;
  st: HrTime;
  et: HrTime;
  d: HrTime;
  a: Attributes;
  ev: { n: string; t: HrTime; a?: Attributes; da?: number }[];
  l: { c: EncodedContext; a?: Attributes; da?: number }[];
  ss: { code: number; message?: string };
  da: number;
  de: number;
  dl: number;
  /** Index into the file's resources. */
  r: number;
  sc: { name: string; version?: string; schemaUrl?: string };
}

/** The spans of one spool file. */
export interface EncodedSpans {
  readonly resources: { attributes: Attributes; schemaUrl?: string }[];
  readonly spans: EncodedSpan[];
}

const encodeContext = (context: SpanContext): EncodedContext => ({
  t: context.traceId,
  s: context.spanId,
  f: context.traceFlags,
  ...(context.traceState ? { ts: context.traceState.serialize() } : {}),
  ...(context.isRemote ? { r: true } : {}),
});

const decodeContext = (c: EncodedContext): SpanContext => ({
  traceId: c.t,
  spanId: c.s,
  traceFlags: c.f ?? TraceFlags.NONE,
  ...(c.ts ? { traceState: new TraceState(c.ts) } : {}),
  ...(c.r ? { isRemote: true } : {}),
});

/** Plain JSON for `spans` (which are not modified). */
export function encodeSpans(spans: readonly ReadableSpan[]): EncodedSpans {
  const resourceIndex = new Map<Resource, number>();
  const resources: EncodedSpans['resources'] = [];
  const encoded = spans.map((span): EncodedSpan => {
    let r = resourceIndex.get(span.resource);
    if (r === undefined) {
      r = resources.length;
      resourceIndex.set(span.resource, r);
      const schemaUrl = span.resource.schemaUrl;
      resources.push({ attributes: { ...span.resource.attributes }, ...(schemaUrl ? { schemaUrl } : {}) });
    }
    const scope = span.instrumentationScope;
    return {
      n: span.name,
      k: span.kind,
      c: encodeContext(span.spanContext()),
      ...(span.parentSpanContext ? { p: encodeContext(span.parentSpanContext) } : {}),
      st: span.startTime,
      et: span.endTime,
      d: span.duration,
      a: span.attributes,
      ev: span.events.map((e) => ({
        n: e.name,
        t: e.time,
        ...(e.attributes ? { a: e.attributes } : {}),
        ...(e.droppedAttributesCount ? { da: e.droppedAttributesCount } : {}),
      })),
      l: span.links.map((link) => ({
        c: encodeContext(link.context),
        ...(link.attributes ? { a: link.attributes } : {}),
        ...(link.droppedAttributesCount ? { da: link.droppedAttributesCount } : {}),
      })),
      ss: { code: span.status.code, ...(span.status.message ? { message: span.status.message } : {}) },
      da: span.droppedAttributesCount,
      de: span.droppedEventsCount,
      dl: span.droppedLinksCount,
      r,
      sc: {
        name: scope.name,
        ...(scope.version ? { version: scope.version } : {}),
        ...(scope.schemaUrl ? { schemaUrl: scope.schemaUrl } : {}),
      },
    };
  });
  return { resources, spans: encoded };
}

const isHrTime = (value: unknown): value is HrTime =>
  Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v));
const isId = (value: unknown, length: number): boolean =>
  typeof value === 'string' && value.length === length && /^[0-9a-f]+$/.test(value);
const isContext = (c: EncodedContext | undefined): boolean =>
  typeof c === 'object' && c !== null && isId(c.t, 32) && isId(c.s, 16) && Number.isInteger(c.f);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a decoded value is not a span, or `undefined` when it is one. */
function invalidSpan(s: EncodedSpan, resourceCount: number): string | undefined {
  if (!isObject(s)) return 'not an object';
  if (typeof s.n !== 'string' || !Number.isInteger(s.k)) return 'name or kind';
  if (!isContext(s.c) || (s.p !== undefined && !isContext(s.p))) return 'span context';
  if (!isHrTime(s.st) || !isHrTime(s.et) || !isHrTime(s.d)) return 'times';
  if (!isObject(s.a) || !Array.isArray(s.ev) || !Array.isArray(s.l)) return 'attributes, events or links';
  if (s.ev.some((e) => !isObject(e) || typeof e.n !== 'string' || !isHrTime(e.t))) return 'events';
  if (s.l.some((l) => !isObject(l) || !isContext(l.c))) return 'links';
  if (!isObject(s.ss) || !Number.isInteger(s.ss.code)) return 'status';
  if (!Number.isInteger(s.r) || s.r < 0 || s.r >= resourceCount) return 'resource';
  if (!isObject(s.sc) || typeof s.sc.name !== 'string') return 'scope';
  return undefined;
}

/**
 * `ReadableSpan`s from what {@link encodeSpans} wrote. Throws (a `SyntaxError`-like `Error` naming
 * the part) when `value` does not have that shape: the spool counts such a file as corrupt.
 */
export function decodeSpans(value: unknown): ReadableSpan[] {
  const file = value as EncodedSpans;
  if (!isObject(file) || !Array.isArray(file.resources) || !Array.isArray(file.spans)) {
    throw new Error('not a span list');
  }
  const resources = file.resources.map((r) => {
    if (!isObject(r) || !isObject(r.attributes)) throw new Error('resource');
    return resourceFromAttributes(
      r.attributes,
      typeof r.schemaUrl === 'string' ? { schemaUrl: r.schemaUrl } : {},
    );
  });
  return file.spans.map((s, i) => {
    const invalid = invalidSpan(s, resources.length);
    if (invalid !== undefined) throw new Error(`span ${i}: ${invalid}`);
    const context = decodeContext(s.c);
    const events: TimedEvent[] = s.ev.map((e) => ({
      name: e.n,
      time: e.t,
      ...(e.a ? { attributes: e.a } : {}),
      ...(e.da ? { droppedAttributesCount: e.da } : {}),
    }));
    const links: Link[] = s.l.map((l) => ({
      context: decodeContext(l.c),
      ...(l.a ? { attributes: l.a } : {}),
      ...(l.da ? { droppedAttributesCount: l.da } : {}),
    }));
    const status: SpanStatus = { code: s.ss.code, ...(s.ss.message ? { message: s.ss.message } : {}) };
    const span: ReadableSpan = {
      name: s.n,
      kind: s.k as SpanKind,
      spanContext: () => context,
      ...(s.p ? { parentSpanContext: decodeContext(s.p) } : {}),
      startTime: s.st,
      endTime: s.et,
      duration: s.d,
      status,
      attributes: s.a,
      links,
      events,
      ended: true,
      resource: resources[s.r] as Resource,
      instrumentationScope: s.sc,
      droppedAttributesCount: s.da ?? 0,
      droppedEventsCount: s.de ?? 0,
      droppedLinksCount: s.dl ?? 0,
    };
    return span;
  });
}
