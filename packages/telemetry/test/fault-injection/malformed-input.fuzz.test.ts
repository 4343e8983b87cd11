import {
  captureDiag,
  type LangfuseReceiverHandle,
  type MetricFamily,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_CATALOGUE, METRICS } from '../../src/catalogue.js';
import {
  recordFeedback,
  recordTradeDecision,
  recordTradeOutcome,
  registerTradingAgentsTelemetry,
  setQueueLength,
  type TelemetryHandle,
  trackAgent,
  trackAnalysis,
  trackLlmCall,
  trackTool,
} from '../../src/index.js';
import { startAgent, startAnalysis, startGeneration, startTool } from '../../src/instrumentation-api.js';
import {
  AGENTS,
  analysisInfo,
  generationInfo,
  make,
  nameLike,
  TOOLS,
  usage,
  weird,
} from './support/arbitraries.js';
import { promtoolCheckMetrics } from './support/promtool.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_120);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const BOUNDS = { maxTickers: 20, maxModels: 5, maxAgents: 10, maxTools: 5 };
/**
 * Labels from user input without a configurable bound: 20 values, plus `__other__` (and `''` for
 * error_type on successful calls).
 */
const INTERNAL_BOUNDS: Record<string, number> = {
  error_type: 22,
  gen_ai_operation_name: 21,
  gen_ai_provider_name: 21,
};
const PK = 'pk-fuzz';
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const SK = 'sk-fuzz';

interface Body {
  async: boolean;
  throws: boolean;
  value: unknown;
  children: Node[];
}
type Node =
  | { kind: 'analysis'; info: unknown; decision: unknown; output: unknown; endEarly: unknown[]; body: Body }
  | { kind: 'agent'; name: unknown; endEarly: unknown[]; body: Body }
  | { kind: 'tool'; name: unknown; input: unknown; output: unknown; endEarly: unknown[]; body: Body }
  | {
      kind: 'llm';
      info: unknown;
      usage: unknown[];
      response: unknown;
      output: unknown;
      endEarly: unknown[];
      body: Body;
    }
  | {
      kind: 'manual';
      which: 'analysis' | 'agent' | 'tool' | 'generation';
      arg: unknown;
      options: unknown;
      end: unknown;
    }
  | { kind: 'record'; what: 'decision' | 'outcome' | 'feedback' | 'queue'; value: unknown };

const endEarly = fc.array(weird, { maxLength: 1 });
const { node: nodeArb } = fc.letrec<{ node: Node; body: Body }>((tie) => ({
  body: fc.record({
    async: fc.boolean(),
    throws: fc.boolean(),
    value: weird,
    children: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'tree' }),
  }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, depthIdentifier: 'tree' },
    fc.record({
      kind: fc.constant('record' as const),
      what: fc.constantFrom('decision' as const, 'outcome' as const, 'feedback' as const, 'queue' as const),
      value: weird,
    }),
    fc.record({
      kind: fc.constant('manual' as const),
      which: fc.constantFrom('analysis' as const, 'agent' as const, 'tool' as const, 'generation' as const),
      arg: fc.oneof(analysisInfo, generationInfo, weird),
      options: fc.oneof(fc.record({ parentContext: weird, startTime: weird }, { requiredKeys: [] }), weird),
      end: weird,
    }),
    fc.record({
      kind: fc.constant('analysis' as const),
      info: analysisInfo,
      decision: fc.oneof(fc.constantFrom('BUY', ' sell ', 'hold'), weird),
      output: weird,
      endEarly,
      body: tie('body') as fc.Arbitrary<Body>,
    }),
    fc.record({
      kind: fc.constant('agent' as const),
      name: fc.oneof(nameLike(AGENTS), weird),
      endEarly,
      body: tie('body') as fc.Arbitrary<Body>,
    }),
    fc.record({
      kind: fc.constant('tool' as const),
      name: fc.oneof(nameLike(TOOLS), weird),
      input: weird,
      output: weird,
      endEarly,
      body: tie('body') as fc.Arbitrary<Body>,
    }),
    fc.record({
      kind: fc.constant('llm' as const),
      info: generationInfo,
      usage: fc.array(usage, { maxLength: 2 }),
      response: fc.oneof(
        fc.record(
          { model: weird, id: weird, finishReasons: fc.oneof(fc.array(weird), weird) },
          { requiredKeys: [] },
        ),
        weird,
      ),
      output: weird,
      endEarly,
      body: tie('body') as fc.Arbitrary<Body>,
    }),
  ),
}));

/** Everything the app did wrong-footed telemetry into: each is a failure of the property. */
class Escaped extends Error {}

/** Runs one node as an app would and checks that what the app sees is exactly its own. */
async function exec(node: Node): Promise<void> {
  switch (node.kind) {
    case 'record': {
      const value = make(node.value) as never;
      if (node.what === 'decision') recordTradeDecision(value);
      else if (node.what === 'outcome') recordTradeOutcome(value);
      else if (node.what === 'feedback') recordFeedback(value);
      else setQueueLength(value);
      return;
    }
    case 'manual': {
      const arg = make(node.arg) as never;
      const options = make(node.options) as never;
      const scope =
        node.which === 'analysis'
          ? startAnalysis(arg, options)
          : node.which === 'agent'
            ? startAgent(arg, options)
            : node.which === 'tool'
              ? startTool(arg, make(node.end), options)
              : startGeneration(arg, options);
      scope.end(make(node.end));
      scope.end();
      return;
    }
  }
  const { body } = node;
  const value = make(body.value);
  const pending: Promise<void>[] = [];
  // The callback: calls the scope's setters with garbage, runs the children, then returns or throws
  // its own value.
  const work = (scope: Record<string, (...args: unknown[]) => unknown>) => {
    if (node.kind === 'analysis') {
      scope.setDecision?.(make(node.decision));
      scope.setOutput?.(make(node.output));
    } else if (node.kind === 'tool') {
      scope.setOutput?.(make(node.output));
    } else if (node.kind === 'llm') {
      scope.markFirstToken?.();
      for (const u of node.usage) scope.setUsage?.(make(u));
      scope.setResponse?.(make(node.response));
      scope.setOutput?.(make(node.output));
    }
    void (scope as unknown as { costUsd?: number }).costUsd;
    for (const e of node.endEarly) scope.end?.(make(e));
  };
  let fnReturned: unknown;
  const callback = (scope: unknown) => {
    const s = scope as Record<string, (...args: unknown[]) => unknown>;
    if (body.async) {
      fnReturned = (async () => {
        for (const child of body.children) await exec(child);
        work(s);
        if (body.throws) throw value;
        return value;
      })();
      return fnReturned;
    }
    for (const child of body.children) pending.push(exec(child));
    work(s);
    if (body.throws) throw value;
    fnReturned = value;
    return value;
  };

  let got: unknown;
  let threw = false;
  let error: unknown;
  try {
    if (node.kind === 'analysis') got = trackAnalysis(make(node.info) as never, callback);
    else if (node.kind === 'agent') got = trackAgent(make(node.name) as never, callback);
    else if (node.kind === 'tool') got = trackTool(make(node.name) as never, callback, make(node.input));
    else got = trackLlmCall(make(node.info) as never, callback);
  } catch (e) {
    threw = true;
    error = e;
  }
  if (!body.async && body.throws) {
    // The callback's own error, unchanged, and nothing else.
    if (!threw || !Object.is(error, value))
      throw new Escaped(`expected the app's own throw, got ${String(threw)}`);
  } else if (threw) {
    throw new Escaped(`telemetry threw into the app: ${safeString(error)}`);
  } else if (!Object.is(got, fnReturned)) {
    throw new Escaped('the value returned to the app is not the callback value');
  }
  if (body.async) {
    // The very same promise: its settlement is the callback's own.
    await (got as Promise<unknown>).catch(() => {});
  }
  await Promise.all(pending);
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

function familiesByName(families: MetricFamily[]) {
  return new Map(families.map((f) => [f.name, f]));
}

describe('malformed input to the public API (fast-check)', () => {
  let receiver: LangfuseReceiverHandle;
  let handle: TelemetryHandle;
  let logs: ReturnType<typeof captureDiag>;
  let scraped: Promise<{ raw: Buffer; exposition: string }> | undefined;
  /** One scrape after the fuzzing, shared by the checks below. */
  const scrapeOnce = () =>
    (scraped ??= (async () => {
      await handle.forceFlush();
      const response = await fetch(handle.metricsUrl as string);
      expect(response.status).toBe(200);
      const raw = Buffer.from(await response.arrayBuffer());
      return { raw, exposition: raw.toString('utf8') };
    })());

  beforeAll(async () => {
    receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK });
    logs = captureDiag();
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      cardinality: BOUNDS,
      content: {
        capture: true,
        maxLength: 256,
        // A mask that masks digits, and misbehaves on some input (it must fail closed, not throw).
        mask: (text) => {
          if (text.includes('\u0007')) throw new Error('mask failed');
          if (text.includes('\u0008')) return 42 as never;
          return text.replace(/[0-9]/g, '#');
        },
      },
      langfuse: { publicKey: PK, secretKey: SK, baseUrl: receiver.baseUrl },
    });
    await handle.ready;
  });

  afterAll(async () => {
    await handle?.shutdown();
    await receiver?.close();
    logs?.restore();
  });

  it('never throws into the app: values and errors pass through unchanged', async () => {
    console.log(`[fault-injection] fuzz seed ${SEED}, ${NUM_RUNS} runs (FUZZ_SEED / FUZZ_RUNS to change)`);
    await fc.assert(
      fc.asyncProperty(fc.array(nodeArb, { minLength: 1, maxLength: 4 }), async (program) => {
        for (const node of program) await exec(node);
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: false },
    );
  }, 60_000);

  it('keeps the exposition valid for promtool check metrics (lint hints recorded, parse errors fail)', async () => {
    const { exposition } = await scrapeOnce();
    const report = promtoolCheckMetrics(exposition);
    console.log(
      `[fault-injection] promtool check metrics: exit ${report.status}, ${report.errors.length} parse errors, ` +
        `${report.lint.length} lint hints${report.lint.length ? `:\n  ${report.lint.join('\n  ')}` : ''}`,
    );
    expect(report.errors).toEqual([]);
    expect(() => parsePrometheusText(exposition)).not.toThrow();
  });

  it('keeps every label within its bound, well-formed UTF-8 and at most 128 characters', async () => {
    const { raw, exposition } = await scrapeOnce();
    // Well-formed UTF-8 bytes on the wire (a lone surrogate would have been replaced by U+FFFD).
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(raw)).not.toThrow();
    const families = familiesByName(parsePrometheusText(exposition));
    const bound = {
      ticker: BOUNDS.maxTickers,
      model: BOUNDS.maxModels,
      agent: BOUNDS.maxAgents,
      tool: BOUNDS.maxTools,
      workflow: BOUNDS.maxAgents,
    };
    const summary: Record<string, number> = {};
    for (const def of METRIC_CATALOGUE) {
      const family = families.get(def.prometheusName);
      if (!family) continue;
      for (const label of def.labels) {
        const values = new Set(family.samples.map((s) => s.labels[label]).filter((v) => v !== undefined));
        summary[`${def.prometheusName}{${label}}`] = values.size;
        for (const v of values) {
          expect(v.length, `${def.prometheusName}{${label}="${v.slice(0, 40)}…"}`).toBeLessThanOrEqual(128);
          // `isWellFormed` is in Node 20, but only in TypeScript's ES2024 lib.
          const wellFormed = (v as string & { isWellFormed(): boolean }).isWellFormed();
          expect(wellFormed, `${def.prometheusName}{${label}} not well-formed`).toBe(true);
          expect(CONTROL_CHARS.test(v), `${def.prometheusName}{${label}} has a control char`).toBe(false);
        }
        const kind = def.bounded?.[label];
        // `__other__` folds the overflow; agent_name also has `none` (LLM/tool calls outside any agent).
        const max = kind ? bound[kind] + 1 + (kind === 'agent' ? 1 : 0) : (INTERNAL_BOUNDS[label] ?? 10);
        expect(values.size, `${def.prometheusName}{${label}} has ${values.size} values`).toBeLessThanOrEqual(
          max,
        );
      }
    }
    console.log(`[fault-injection] distinct label values after fuzzing: ${JSON.stringify(summary)}`);
    const active = families.get(METRICS.activeAnalyses.prometheusName)?.samples[0]?.value;
    expect(active, 'every analysis that started also ended').toBe(0);
  });

  it('never fails an export before it reaches Langfuse (no batch lost to serialisation)', async () => {
    await handle.forceFlush();
    const rejected = receiver.requests.filter((r) => r.status !== 200);
    console.log(
      `[fault-injection] Langfuse after fuzzing: ${receiver.spans.length} spans received in ` +
        `${receiver.requests.length} requests, ${rejected.length} rejected with ${JSON.stringify(rejected.map((r) => r.status))}`,
    );
    expect(receiver.requests.length).toBeGreaterThan(0);
    // A circular or non-string span name, or a NaN/Infinity start time, used to make the OTLP JSON
    // serialisation throw in the exporter: the whole batch was lost without any request.
    const clientSide = logs.messages.filter(
      (m) =>
        !m.includes('internal error') &&
        /circular structure|cannot be converted to a BigInt|serialize a BigInt|Invalid time value/i.test(m),
    );
    expect(clientSide).toEqual([]);
  });

  // A non-finite number can reach span attributes, the user's own (`metadata: { x: NaN }`) or ours
  // (`gen_ai.usage.input_tokens` = Infinity when Anthropic-shaped usage overflows). OTel JS serialises
  // it as `"doubleValue": null`, which gets the whole batch rejected; the export queue sends such
  // values as strings.
  it('Langfuse accepts every batch sent after fuzzing', async () => {
    await handle.forceFlush();
    expect(receiver.requests.filter((r) => r.status !== 200)).toEqual([]);
  });
});
