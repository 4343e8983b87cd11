import {
  type LangfuseExporterHandle,
  type LangfuseExporterOptions,
  startLangfuseExporter,
} from '../../src/index.js';
import { FakeLangfuse, type FakeObservation } from './fake-langfuse.js';

/** Three models over two trace names and two environments, all inside a 1 h window. */
export const OBSERVATIONS: FakeObservation[] = [
  {
    model: 'gpt-4o',
    traceName: 'analysis',
    environment: 'production',
    totalCost: 1.25,
    inputTokens: 1000,
    outputTokens: 200,
    latencyMs: 1500,
  },
  {
    model: 'gpt-4o',
    traceName: 'analysis',
    environment: 'production',
    totalCost: 0.75,
    inputTokens: 600,
    outputTokens: 100,
    latencyMs: 2500,
  },
  {
    model: 'gpt-4o-mini',
    traceName: 'analysis',
    environment: 'production',
    totalCost: 0.01,
    inputTokens: 300,
    outputTokens: 50,
    latencyMs: 400,
  },
  {
    model: 'claude-sonnet-4',
    traceName: 'reflection',
    environment: 'staging',
    totalCost: 0.5,
    inputTokens: 400,
    outputTokens: 80,
    latencyMs: 3000,
  },
  // A span without a model: the exporter's filter keeps it out.
  {
    model: null,
    traceName: 'analysis',
    environment: 'production',
    totalCost: 0,
    inputTokens: 0,
    outputTokens: 0,
    latencyMs: 9000,
  },
];

export interface Pair {
  fake: FakeLangfuse;
  exporter: LangfuseExporterHandle;
  close(): Promise<void>;
}

/** A fake Langfuse and an exporter polling it, serving /metrics on a free loopback port. */
export async function startPair(
  options: LangfuseExporterOptions = {},
  fake = new FakeLangfuse({ observations: OBSERVATIONS }),
): Promise<Pair> {
  if (fake.url === '') await fake.start();
  const exporter = await startLangfuseExporter(
    {
      publicKey: 'pk-lf-test',
      secretKey: 'sk-lf-test',
      baseUrl: fake.url,
      host: '127.0.0.1',
      port: 0,
      pollIntervalSeconds: 30,
      timeoutSeconds: 2,
      backoffBaseSeconds: 0.05,
      backoffMaxSeconds: 0.2,
      ...options,
    },
    {},
  );
  return {
    fake,
    exporter,
    close: async () => {
      await exporter.shutdown();
      await fake.stop();
    },
  };
}

export interface Scrape {
  readonly text: string;
  /** `name{a="1",b="2"}` (labels sorted) → value. */
  readonly samples: ReadonlyMap<string, number>;
  value(name: string, labels?: Record<string, string>): number | undefined;
}

/** Scrapes a real /metrics endpoint and indexes its samples. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (match === null) throw new Error(`unparseable exposition line: ${line}`);
    const labels = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, key, value]) => `${key}="${value}"`)
      .sort();
    samples.set(`${match[1]}{${labels.join(',')}}`, Number(match[3]));
  }
  const key = (name: string, labels: Record<string, string> = {}) =>
    `${name}{${Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .sort()
      .join(',')}}`;
  return { text, samples, value: (name, labels) => samples.get(key(name, labels)) };
}

/** Polls a condition every 10 ms until it holds or `timeoutMs` passes. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
