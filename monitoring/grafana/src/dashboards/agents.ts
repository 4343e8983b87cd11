/** 3. Agent performance: executions, duration, success, tokens, cost and tool calls per agent and model. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { histogramSeries, label, metric } from '../../../src/catalogue.js';
import { quantile, ratio, sumIncrease, sumRate } from '../../../src/promql.js';
import { agentObservationsLink } from '../langfuse.js';
import { buildDashboard } from '../layout.js';
import { graph, langfuseLink } from '../panels.js';
import {
  datasourceVariable,
  instanceVariable,
  jobVariable,
  labelVariable,
  langfuseProjectVariable,
  langfuseUrlVariable,
} from '../variables.js';

const RI = '$__rate_interval';
const T = { job: '~$job', instance: '~$instance' };
const agentName = label('agentExecutions', 'agent_name');
const BY_AGENT = { ...T, [agentName]: '~$agent' };
const BY_AGENT_MODEL = { ...BY_AGENT, [label('llmRequests', 'model')]: '~$model' };
/** The GenAI semconv histograms carry the agent and model under their own label names. */
const GEN_AI = { ...T, gen_ai_agent_name: '~$agent', gen_ai_request_model: '~$model' };

const executions = metric('agentExecutions');
const tokens = metric('llmTokens');
const cost = metric('llmCost');
const requests = metric('llmRequests');

export function agentsDashboard(): Dashboard {
  label('genAiOperationDuration', 'gen_ai_agent_name');
  label('genAiOperationDuration', 'gen_ai_request_model');
  return buildDashboard({
    uid: 'tradingagents-agents',
    title: 'TradingAgents / 3. Agent performance',
    description: 'Per agent and per model: executions, duration, success rate, tokens, cost and tool calls.',
    tags: ['agents', 'llm'],
    langfuseLink: true,
    variables: [
      datasourceVariable(),
      jobVariable('tradingagents'),
      instanceVariable(),
      labelVariable({
        name: 'agent',
        label: 'Agent',
        query: `label_values(${executions}{job=~"$job"}, ${agentName})`,
        multi: true,
      }),
      labelVariable({
        name: 'model',
        label: 'Model',
        query: `label_values(${requests}{job=~"$job"}, ${label('llmRequests', 'model')})`,
        multi: true,
      }),
      langfuseUrlVariable(),
      langfuseProjectVariable(),
    ],
    rows: [
      {
        title: 'Agents',
        panels: [
          graph({
            title: 'Executions by agent',
            description: 'Agent executions per second.',
            queries: [{ expr: sumRate(executions, BY_AGENT, [agentName], RI), legend: '{{agent_name}}' }],
            unit: 'ops',
            stacked: true,
            min: 0,
            dataLinks: [agentObservationsLink()],
          }),
          graph({
            title: 'Success rate by agent',
            description: 'Share of executions with status="success". AgentFailing warns above 20% errors.',
            queries: [
              {
                expr: ratio(
                  executions,
                  BY_AGENT,
                  { [label('agentExecutions', 'status')]: 'success' },
                  [agentName],
                  RI,
                ),
                legend: '{{agent_name}}',
              },
            ],
            unit: 'percentunit',
            min: 0,
            dataLinks: [agentObservationsLink()],
            max: 1,
            links: [langfuseLink('Agent spans in Langfuse')],
          }),
          graph({
            title: 'Agent duration p95',
            description: '95th percentile of the duration of one agent execution.',
            queries: [
              {
                expr: quantile(0.95, histogramSeries('agentDuration', 'bucket'), BY_AGENT, [agentName], RI),
                legend: '{{agent_name}}',
                exemplar: true,
              },
            ],
            unit: 's',
            min: 0,
            dataLinks: [agentObservationsLink()],
            links: [langfuseLink('Slow agent spans in Langfuse')],
          }),
          graph({
            title: 'Agent duration p50',
            description: 'Median duration of one agent execution.',
            queries: [
              {
                expr: quantile(0.5, histogramSeries('agentDuration', 'bucket'), BY_AGENT, [agentName], RI),
                legend: '{{agent_name}}',
              },
            ],
            unit: 's',
            min: 0,
            dataLinks: [agentObservationsLink()],
          }),
        ],
      },
      {
        title: 'Tokens and cost',
        panels: [
          graph({
            title: 'Tokens by agent and type',
            description:
              'LLM tokens per second, by calling agent and type (input, output, cache_read, reasoning).',
            queries: [
              {
                expr: sumRate(tokens, BY_AGENT_MODEL, [agentName, label('llmTokens', 'type')], RI),
                legend: '{{agent_name}} {{type}}',
              },
            ],
            unit: 'short',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Tokens by model and type',
            description: 'LLM tokens per second, by model and type.',
            queries: [
              {
                expr: sumRate(
                  tokens,
                  BY_AGENT_MODEL,
                  [label('llmTokens', 'model'), label('llmTokens', 'type')],
                  RI,
                ),
                legend: '{{model}} {{type}}',
              },
            ],
            unit: 'short',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Cost per agent (last hour, rolling)',
            description: 'LLM cost of the last hour, in US dollars, by calling agent.',
            queries: [
              {
                expr: sumIncrease(cost, BY_AGENT_MODEL, [agentName], '1h'),
                legend: '{{agent_name}}',
                exemplar: true,
              },
            ],
            unit: 'currencyUSD',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Cost per model (last hour, rolling)',
            description: 'LLM cost of the last hour, in US dollars, by model.',
            queries: [
              {
                expr: sumIncrease(cost, BY_AGENT_MODEL, [label('llmCost', 'model')], '1h'),
                legend: '{{model}}',
                exemplar: true,
              },
            ],
            unit: 'currencyUSD',
            stacked: true,
            min: 0,
            links: [langfuseLink('Costly generations in Langfuse')],
          }),
        ],
      },
      {
        title: 'LLM requests and tools',
        panels: [
          graph({
            title: 'LLM requests by model and status',
            description: 'LLM requests per second. LLMProviderErrors warns above 5% errors for a model.',
            queries: [
              {
                expr: sumRate(
                  requests,
                  BY_AGENT_MODEL,
                  [label('llmRequests', 'model'), label('llmRequests', 'status')],
                  RI,
                ),
                legend: '{{model}} {{status}}',
              },
            ],
            unit: 'ops',
            min: 0,
          }),
          graph({
            title: 'LLM latency p95 by model',
            description:
              'p95 of gen_ai.client.operation.duration (OTel GenAI semantic conventions), by requested model.',
            queries: [
              {
                expr: quantile(
                  0.95,
                  histogramSeries('genAiOperationDuration', 'bucket'),
                  GEN_AI,
                  ['gen_ai_request_model'],
                  RI,
                ),
                legend: '{{gen_ai_request_model}}',
                exemplar: true,
              },
            ],
            unit: 's',
            min: 0,
          }),
          graph({
            title: 'Tokens per LLM call p95',
            description:
              'p95 of gen_ai.client.token.usage: tokens in one LLM call, by token type (input, output).',
            queries: [
              {
                expr: quantile(
                  0.95,
                  histogramSeries('genAiTokenUsage', 'bucket'),
                  GEN_AI,
                  [label('genAiTokenUsage', 'gen_ai_token_type')],
                  RI,
                ),
                legend: '{{gen_ai_token_type}}',
              },
            ],
            unit: 'short',
            min: 0,
          }),
        ],
      },
      {
        title: 'Tools',
        panels: [
          graph({
            title: 'Tool calls by tool and status',
            description: 'Tool calls per second, by tool and status.',
            queries: [
              {
                expr: sumRate(
                  metric('toolCalls'),
                  { ...T, [label('toolCalls', 'agent_name')]: '~$agent' },
                  [label('toolCalls', 'tool'), label('toolCalls', 'status')],
                  RI,
                ),
                legend: '{{tool}} {{status}}',
              },
            ],
            unit: 'ops',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Tool duration p95 by tool',
            description:
              'p95 of gen_ai.execute_tool.duration (OTel GenAI semantic conventions): one tool execution, by tool.',
            queries: [
              {
                expr: quantile(
                  0.95,
                  histogramSeries('genAiToolDuration', 'bucket'),
                  { ...T, [label('genAiToolDuration', 'gen_ai_agent_name')]: '~$agent' },
                  [label('genAiToolDuration', 'gen_ai_tool_name')],
                  RI,
                ),
                legend: '{{gen_ai_tool_name}}',
                exemplar: true,
              },
            ],
            unit: 's',
            min: 0,
          }),
        ],
      },
    ],
  });
}
