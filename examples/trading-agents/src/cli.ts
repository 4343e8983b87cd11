import { parseArgs } from 'node:util';
import {
  DEFAULT_MODEL,
  NODE22_PROVIDERS,
  OPENAI_PROVIDERS,
  PROVIDERS,
  type Provider,
} from './llm/endpoint.js';

/** Options of the demo, after flags and env vars are resolved (flag > env > default). */
export interface DemoOptions {
  readonly tickers: readonly string[];
  readonly date: string;
  readonly concurrency: number;
  readonly rounds: number;
  readonly once: boolean;
  readonly loop: boolean;
  /** `undefined` leaves the port to the core (`OTEL_EXPORTER_PROMETHEUS_PORT`, else 9464). */
  readonly metricsPort: number | undefined;
  readonly provider: Provider;
  readonly model: string;
  readonly failRate: number;
  readonly llmLatencyMs: number;
  readonly userId: string;
  readonly quiet: boolean;
}

/** Env keys the demo itself reads (the OTel and Langfuse ones are read by the core, unchanged). */
export type DemoEnvKey =
  | 'TRADINGAGENTS_DEMO_TICKERS'
  | 'TRADINGAGENTS_DEMO_DATE'
  | 'TRADINGAGENTS_DEMO_CONCURRENCY'
  | 'TRADINGAGENTS_DEMO_ROUNDS'
  | 'TRADINGAGENTS_DEMO_FAIL_RATE'
  | 'TRADINGAGENTS_DEMO_LLM_LATENCY_MS'
  | 'TRADINGAGENTS_DEMO_USER'
  | 'TRADINGAGENTS_DEMO_PROVIDER'
  | 'OPENAI_MODEL';

export const DEFAULT_TICKERS = ['NVDA', 'AAPL', 'MSFT'] as const;
export const DEFAULT_DATE = '2024-09-13';

export const USAGE = `Usage: pnpm demo [options]

Runs the TradingAgents pipeline (4 analysts -> bull/bear debate -> research manager -> trader ->
risk debate -> portfolio manager) for a few tickers, with Prometheus metrics and Langfuse spans.
Offline by default: an embedded server speaking the provider's API answers on loopback.

Options:
  --tickers <list>        Comma-separated tickers (NVDA, AAPL, MSFT, TSLA, SPY)  [env TRADINGAGENTS_DEMO_TICKERS, default NVDA,AAPL,MSFT]
  --date <YYYY-MM-DD>     Trade date; the last trading day on or before it is used  [env TRADINGAGENTS_DEMO_DATE, default ${DEFAULT_DATE}]
  --concurrency <n>       Analyses running at once; the rest wait in the queue  [env TRADINGAGENTS_DEMO_CONCURRENCY, default 2]
  --rounds <n>            Rounds of the bull/bear and of the risk debates  [env TRADINGAGENTS_DEMO_ROUNDS, default 1]
  --once                  Exit after the summary and a telemetry flush (default: keep serving /metrics until Ctrl-C)
  --loop                  Keep analysing the tickers on successive trade dates until Ctrl-C (a steady workload)
  --metrics-port <port>   Port of /metrics; 0 picks a free one  [env OTEL_EXPORTER_PROMETHEUS_PORT, default 9464]
  --provider <name>       What runs the agents: openai (LangGraph + ChatOpenAI), anthropic (LangGraph + ChatAnthropic), google (LangGraph + ChatGoogleGenerativeAI), ai-sdk (Vercel AI SDK 7 + @ai-sdk/openai; Node >= 22) or openai-agents (OpenAI Agents SDK; Node >= 22), each offline on an embedded server speaking that API  [env TRADINGAGENTS_DEMO_PROVIDER, default openai]
  --model <name>          Model name  [env OPENAI_MODEL for openai, ai-sdk, openai-agents; default gpt-4o-mini, claude-haiku-4-5 for anthropic, gemini-2.5-flash for google]
  --fail-rate <0..1>      Share of analyses whose LLM calls get HTTP 500 from the embedded server (not with google)  [env TRADINGAGENTS_DEMO_FAIL_RATE, default 0]
  --llm-latency <ms>      Mean latency of the embedded LLM per call  [env TRADINGAGENTS_DEMO_LLM_LATENCY_MS, default 60]
  --user <id>             Langfuse user id of the analyses  [env TRADINGAGENTS_DEMO_USER, default demo-user]
  --quiet                 Print only the summary
  -h, --help              Show this help

Environment:
  OPENAI_API_KEY / OPENAI_BASE_URL   With openai, ai-sdk, openai-agents: use that OpenAI-compatible endpoint instead of the embedded one
  ANTHROPIC_API_KEY       With --provider anthropic: use the real Anthropic API
  GOOGLE_API_KEY (or GEMINI_API_KEY)  With --provider google: use the real Gemini API
  LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_BASE_URL   Export spans to Langfuse
  DATABASE_URL            Store one row per analysis in PostgreSQL
  OTEL_*                  Standard OpenTelemetry variables (service name, OTLP export, log level, ...)
`;

/** A user error on the command line: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Env = Readonly<Partial<Record<string, string>>>;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function fraction(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`${name} must be a number from 0 to 1, got "${text}"`);
  }
  return value;
}

/**
 * Parses argv strictly (unknown flags are errors). Returns `undefined` for `--help`. `nodeVersion`
 * (`process.versions.node`) decides whether the providers that need Node >= 22 can run.
 */
export function parseCli(
  argv: readonly string[],
  env: Env = process.env,
  nodeVersion: string = process.versions.node,
): DemoOptions | undefined {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);

  const tickersText = values.tickers ?? env.TRADINGAGENTS_DEMO_TICKERS ?? DEFAULT_TICKERS.join(',');
  const tickers = [
    ...new Set(
      tickersText
        .split(',')
        .map((t) => t.trim().toUpperCase())
        .filter((t) => t !== ''),
    ),
  ];
  if (tickers.length === 0) throw new UsageError('--tickers needs at least one ticker');
  const date = values.date ?? env.TRADINGAGENTS_DEMO_DATE ?? DEFAULT_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new UsageError(`--date must be a date like 2024-11-15, got "${date}"`);
  }
  if (values.once && values.loop) throw new UsageError('--once and --loop cannot be combined');
  const providerText = values.provider ?? env.TRADINGAGENTS_DEMO_PROVIDER ?? 'openai';
  if (!(PROVIDERS as readonly string[]).includes(providerText)) {
    throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}, got "${providerText}"`);
  }
  const provider = providerText as Provider;
  const nodeMajor = Number(nodeVersion.split('.')[0]);
  if (NODE22_PROVIDERS.includes(provider) && nodeMajor < 22) {
    const framework = provider === 'ai-sdk' ? 'the Vercel AI SDK (ai 7)' : 'the OpenAI Agents SDK (openai 7)';
    throw new UsageError(
      `--provider ${provider} needs Node >= 22 (${framework} requires it); this is Node ${nodeVersion}. Use --provider openai, anthropic or google, or run on Node 22 or 24`,
    );
  }
  const failRate = fraction('--fail-rate', values['fail-rate'] ?? env.TRADINGAGENTS_DEMO_FAIL_RATE ?? '0');
  if (failRate > 0 && provider === 'google') {
    throw new UsageError(
      '--fail-rate needs a provider other than google (the Gemini API has no end-user field to carry the analysis)',
    );
  }
  const port = values['metrics-port'];
  return Object.freeze({
    tickers: Object.freeze(tickers),
    date,
    concurrency: integer(
      '--concurrency',
      values.concurrency ?? env.TRADINGAGENTS_DEMO_CONCURRENCY ?? '2',
      1,
      64,
    ),
    rounds: integer('--rounds', values.rounds ?? env.TRADINGAGENTS_DEMO_ROUNDS ?? '1', 1, 10),
    once: values.once ?? false,
    loop: values.loop ?? false,
    metricsPort: port === undefined ? undefined : integer('--metrics-port', port, 0, 65535),
    provider,
    model:
      values.model ??
      (OPENAI_PROVIDERS.includes(provider) ? env.OPENAI_MODEL : undefined) ??
      DEFAULT_MODEL[provider],
    failRate,
    llmLatencyMs: integer(
      '--llm-latency',
      values['llm-latency'] ?? env.TRADINGAGENTS_DEMO_LLM_LATENCY_MS ?? '60',
      0,
      60_000,
    ),
    userId: values.user ?? env.TRADINGAGENTS_DEMO_USER ?? 'demo-user',
    quiet: values.quiet ?? false,
  });
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      tickers: { type: 'string' },
      date: { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      once: { type: 'boolean' },
      loop: { type: 'boolean' },
      'metrics-port': { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      'fail-rate': { type: 'string' },
      'llm-latency': { type: 'string' },
      user: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
