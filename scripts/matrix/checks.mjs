// The assertions of one instrumented run, from its real output: each returns a list of readable
// failures (empty when the check holds), or null when it does not apply to the run. `check` names
// match KNOWN_FAILURES entries.

// A stack frame, or a line that names an Error (`Error:`, `TypeError:`, `OTLPExporterError`, …).
const ERROR_LINE = /^\s+at\s.+(:\d+:\d+\)?|\(native\))$|\b[A-Za-z]*Error\b/;

/** The agent_name of an LLM call made outside any agent. */
const NO_AGENT = new Set(['none', '']);

function sum(metrics, name, filter = {}) {
  let total = 0;
  for (const family of metrics) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(filter).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
    }
  }
  return total;
}

function series(metrics, name) {
  return metrics.flatMap((f) => f.samples.filter((s) => s.name === name && s.value > 0));
}

const fmt = (value) => JSON.stringify(value);

export function checkTransparency(app, run, baseline) {
  const failures = [];
  if (baseline.json === undefined)
    return [`baseline run printed no JSON line (stderr: ${tail(baseline.stderr)})`];
  if (run.json === undefined) {
    return [
      `no JSON line${run.timedOut ? ' (timed out)' : ''}; exit ${fmt(run.exit)}; stderr: ${tail(run.stderr)}`,
    ];
  }
  if (fmt(run.json) !== fmt(baseline.json)) {
    failures.push(
      `output differs from the uninstrumented run:\n      without: ${fmt(baseline.json)}\n      with:    ${fmt(run.json)}`,
    );
  }
  if (run.exitTimedOut)
    failures.push(
      `did not exit within the timeout after ${app.mode === 'run-once' ? 'its work' : 'SIGTERM'}`,
    );
  else if (run.exit.code !== baseline.exit.code || run.exit.signal !== baseline.exit.signal) {
    failures.push(`exit ${fmt(run.exit)} differs from the uninstrumented run's ${fmt(baseline.exit)}`);
  }
  return failures;
}

export function checkStderr(run, baseline) {
  const before = new Set(baseline.stderr.split('\n'));
  const lines = run.stderr.split('\n').filter((line) => ERROR_LINE.test(line) && !before.has(line));
  return lines.length === 0
    ? []
    : [`stderr has ${lines.length} new error/stack line(s):\n      ${lines.slice(0, 6).join('\n      ')}`];
}

export function checkMetrics(app, run) {
  // A run-once app has exited before anything could scrape it.
  if (app.mode === 'run-once') return null;
  if (run.metrics === undefined) return [`/metrics not scraped: ${run.metricsError ?? 'no JSON line'}`];
  const m = run.metrics;
  const failures = [];
  const expectedAgents = Object.keys(app.agents).sort();
  const seen = {};
  for (const s of series(m, 'tradingagents_agent_executions_total')) {
    seen[s.labels.agent_name] = (seen[s.labels.agent_name] ?? 0) + s.value;
    if (s.labels.status !== 'success')
      failures.push(`agent ${s.labels.agent_name} has status="${s.labels.status}"`);
  }
  const seenNames = Object.keys(seen).sort();
  if (fmt(seenNames) !== fmt(expectedAgents)) {
    failures.push(`agent_executions by agent_name ${fmt(seen)}; expected agents ${fmt(expectedAgents)}`);
  }
  for (const [name, count] of Object.entries(app.agents)) {
    if (count !== null && seen[name] !== undefined && seen[name] !== count) {
      failures.push(`agent ${name}: ${seen[name]} executions, expected ${count}`);
    }
  }
  const requests = sum(m, 'tradingagents_llm_requests_total');
  // Embedding calls count as LLM requests, but are not Langfuse generations.
  const modelCalls = run.chatRequests + (run.embeddingRequests ?? 0);
  if (requests !== modelCalls) {
    failures.push(`llm_requests_total = ${requests}, the model servers answered ${modelCalls} calls`);
  }
  const llmAgents = new Set(app.llmAgents ?? expectedAgents);
  const wrong = series(m, 'tradingagents_llm_requests_total').filter((s) =>
    llmAgents.size === 0 ? !NO_AGENT.has(s.labels.agent_name ?? '') : !llmAgents.has(s.labels.agent_name),
  );
  if (wrong.length > 0) {
    failures.push(
      `llm requests attributed to ${fmt(wrong.map((s) => `${s.labels.agent_name}=${s.value}`))}; expected agents ${fmt([...llmAgents])}`,
    );
  }
  const input = sum(m, 'tradingagents_llm_tokens_total', { type: 'input' });
  const output = sum(m, 'tradingagents_llm_tokens_total', { type: 'output' });
  const generations = run.observations.filter((o) => o.type === 'generation');
  // Langfuse's `input` is the uncached part; /metrics' `input` is the total, cache reads and writes included.
  const lfCacheRead = generations.reduce((t, g) => t + (g.usageDetails.input_cached_tokens ?? 0), 0);
  const lfCacheWrite = generations.reduce((t, g) => t + (g.usageDetails.input_cache_creation ?? 0), 0);
  const lfInput =
    generations.reduce((t, g) => t + (g.usageDetails.input ?? 0), 0) + lfCacheRead + lfCacheWrite;
  const lfOutput = generations.reduce((t, g) => t + (g.usageDetails.output ?? 0), 0);
  if (run.chatRequests > 0 && !(input > 0 && output > 0))
    failures.push(`llm_tokens_total input=${input} output=${output}`);
  if (generations.length === run.chatRequests && (input !== lfInput || output !== lfOutput)) {
    failures.push(
      `llm_tokens_total input/output ${input}/${output} != Langfuse generations' usage ${lfInput}/${lfOutput}`,
    );
  }
  const cacheRead = sum(m, 'tradingagents_llm_tokens_total', { type: 'cache_read' });
  const cacheWrite = sum(m, 'tradingagents_llm_tokens_total', { type: 'cache_write' });
  if (app.cache && !(cacheRead > 0 && cacheWrite > 0))
    failures.push(
      `llm_tokens_total cache_read=${cacheRead} cache_write=${cacheWrite}; the app caches its prompt`,
    );
  if (generations.length === run.chatRequests && (cacheRead !== lfCacheRead || cacheWrite !== lfCacheWrite)) {
    failures.push(
      `llm_tokens_total cache_read/cache_write ${cacheRead}/${cacheWrite} != Langfuse generations' ${lfCacheRead}/${lfCacheWrite}`,
    );
  }
  const tools = {};
  for (const s of series(m, 'tradingagents_tool_calls_total')) {
    if (/^transfer_(to|back_to)_/.test(s.labels.tool)) continue;
    tools[s.labels.tool] = (tools[s.labels.tool] ?? 0) + s.value;
    const expectedAgent = app.toolAgents?.[s.labels.tool] ?? app.toolAgent;
    if (expectedAgent && s.labels.agent_name !== expectedAgent) {
      failures.push(
        `tool ${s.labels.tool} counted for agent_name="${s.labels.agent_name}", expected "${expectedAgent}"`,
      );
    }
  }
  if (fmt(sortKeys(tools)) !== fmt(sortKeys(app.tools))) {
    failures.push(`tool_calls_total by tool ${fmt(sortKeys(tools))}; expected ${fmt(sortKeys(app.tools))}`);
  }
  return failures;
}

export function checkLangfuse(app, run) {
  const failures = [];
  const obs = run.observations;
  const generations = obs.filter((o) => o.type === 'generation');
  if (generations.length !== run.chatRequests) {
    failures.push(`Langfuse got ${generations.length} generations for ${run.chatRequests} model calls`);
  }
  const traceIds = [...new Set(obs.map((o) => o.traceId))];
  if (traceIds.length !== app.traces) {
    failures.push(`Langfuse got ${traceIds.length} traces, expected ${app.traces} (one per top-level run)`);
  }
  const byId = new Map(obs.map((o) => [o.id, o]));
  const roots = obs.filter((o) => o.parentObservationId === null || !byId.has(o.parentObservationId));
  const rootsPerTrace = {};
  for (const r of roots)
    rootsPerTrace[r.traceId] = [...(rootsPerTrace[r.traceId] ?? []), `${r.type} ${r.name}`];
  // One root per trace: every agent, tool and generation hangs under the run's root span.
  for (const [trace, names] of Object.entries(rootsPerTrace)) {
    if (names.length > 1)
      failures.push(`trace ${trace.slice(0, 8)} has ${names.length} roots: ${fmt(names)}`);
  }
  const agentNames = [
    ...new Set(
      obs
        .filter((o) => o.type === 'agent')
        .map((o) => String(o.attributes['gen_ai.agent.name'] ?? o.name.replace(/^invoke_agent /, ''))),
    ),
  ].sort();
  const expected = app.langfuseAgents === false ? [] : Object.keys(app.agents).sort();
  if (fmt(agentNames) !== fmt(expected)) {
    failures.push(`Langfuse agent observations ${fmt(agentNames)}; expected ${fmt(expected)}`);
  }
  return failures;
}

export function checkDelivered(app, run) {
  if (app.mode !== 'run-once') return null;
  return run.spans > 0 ? [] : ['exited on its own with no span delivered to Langfuse'];
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function tail(text) {
  const lines = text.trim().split('\n');
  return lines.slice(-8).join('\n      ') || '(empty)';
}
