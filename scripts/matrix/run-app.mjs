// Runs one corpus app once under one entry point, against fresh loopback servers, and collects
// what it produced: its JSON line, stderr, exit, a /metrics scrape and what Langfuse received.
import { spawn } from 'node:child_process';
import { anthropicCorpusResponder, corpusResponder } from './responder.mjs';

const REGISTER = '@tradingagents/telemetry/register';
const LINE_TIMEOUT_MS = 120_000;
const EXIT_TIMEOUT_MS = 20_000;

function argsFor(entry, app, service) {
  const keep = service ? ['--require', './stay-up.cjs'] : [];
  switch (entry) {
    case 'baseline':
      return [...keep, app.file];
    case 'import':
    case 'import-debug':
      return [...keep, '--import', REGISTER, app.file];
    case 'require':
      return [...keep, '--require', REGISTER, app.file];
    case 'plain-esm':
      return [...keep, './plain-esm.mjs', app.file];
    case 'plain-cjs':
      return [...keep, './plain-cjs.cjs', app.file];
    default:
      throw new Error(`unknown entry point ${entry}`);
  }
}

function parseJsonLine(stdout) {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // not (yet) a whole JSON line
    }
  }
  return undefined;
}

/**
 * @returns {Promise<{ json, stdout, stderr, exit: { code, signal }, timedOut, metrics, metricsError,
 *   chatRequests, embeddingRequests, observations, traces, spans, durationMs }>}
 */
export async function runApp({ testkit, app, entry, cellDir, nodeBin }) {
  const started = Date.now();
  const service = (app.mode ?? 'service') === 'service';
  const openai = await testkit.startOpenAIServer({ responder: corpusResponder });
  const gemini = await testkit.startGeminiServer();
  const anthropic = await testkit.startAnthropicServer({ responder: anthropicCorpusResponder });
  const langfuse = await testkit.startLangfuseReceiver({
    publicKey: 'pk-lf-matrix',
    secretKey: 'sk-lf-matrix',
  });
  // Below the ephemeral range: the provider servers of parallel runs bind port 0 and could be handed a port
  // learnt that way before this app binds it (a scrape then reached a fake Anthropic server: HTTP 404).
  const port = await testkit.freePort();
  const { NODE_OPTIONS: _a, OTEL_LOG_LEVEL: _b, ...env } = process.env;
  const child = spawn(nodeBin, argsFor(entry, app, service), {
    cwd: cellDir,
    env: {
      ...env,
      OPENAI_API_KEY: 'sk-matrix',
      OPENAI_BASE_URL: openai.url,
      GEMINI_API_KEY: 'matrix-gemini-key',
      GOOGLE_GEMINI_BASE_URL: gemini.url,
      ANTHROPIC_API_KEY: 'sk-ant-matrix',
      ANTHROPIC_BASE_URL: anthropic.url,
      LANGFUSE_PUBLIC_KEY: 'pk-lf-matrix',
      LANGFUSE_SECRET_KEY: 'sk-lf-matrix',
      LANGFUSE_BASE_URL: langfuse.baseUrl,
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      ...(entry === 'import-debug' ? { OTEL_LOG_LEVEL: 'debug' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const result = { metrics: undefined, metricsError: undefined, timedOut: false };
  let json;
  if (service) {
    json = await new Promise((resolve) => {
      const timer = setTimeout(() => {
        result.timedOut = true;
        resolve(undefined);
      }, LINE_TIMEOUT_MS);
      const check = () => {
        const found = parseJsonLine(stdout);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        resolve(parseJsonLine(stdout));
      });
    });
    if (json !== undefined && entry !== 'baseline' && child.exitCode === null) {
      try {
        result.metrics = await testkit.scrape(`http://127.0.0.1:${port}/metrics`);
      } catch (error) {
        result.metricsError = String(error?.message ?? error);
      }
    }
    result.jsonMs = Date.now() - started;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  const exit = await Promise.race([
    exited,
    new Promise((resolve) =>
      setTimeout(() => resolve(undefined), service ? EXIT_TIMEOUT_MS : LINE_TIMEOUT_MS),
    ),
  ]);
  result.exitMs = Date.now() - started;
  let finalExit = exit;
  if (exit === undefined) {
    result.timedOut = true;
    child.kill('SIGKILL');
    finalExit = await exited;
  }
  if (!service) json = parseJsonLine(stdout);
  // Spans are flushed before the process exits; give in-flight requests a moment to land.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const chatRequests =
    openai.requests.filter(
      (r) => (r.path === '/v1/chat/completions' || r.path === '/v1/responses') && r.status === 200,
    ).length +
    gemini.requests.filter(
      (r) => /:(generateContent|streamGenerateContent)$/.test(r.path) && r.status === 200,
    ).length +
    anthropic.requests.filter((r) => r.path === '/v1/messages' && r.status === 200).length;
  const embeddingRequests = gemini.requests.filter(
    (r) => /:(embedContent|batchEmbedContents)$/.test(r.path) && r.status === 200,
  ).length;
  const out = {
    ...result,
    json,
    stdout,
    stderr,
    exit: finalExit,
    exitTimedOut: exit === undefined,
    chatRequests,
    embeddingRequests,
    observations: langfuse.observations(),
    traces: langfuse.traces(),
    spans: langfuse.spans.length,
    durationMs: Date.now() - started,
  };
  await openai.close();
  await gemini.close();
  await anthropic.close();
  await langfuse.close();
  return out;
}
