/** 5. Business / LLM cost: volume, cost per analysis and per day, budget, win rate, feedback, decisions. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { LLM_BUDGET_SERIES } from '../../../prometheus/src/budget.js';
import { bridgeLabel, bridgeMetric, histogramSeries, label, metric } from '../../../src/catalogue.js';
import { ratio, selector, sumBy, sumIncrease } from '../../../src/promql.js';
import { langfuseDailyTable } from '../langfuse.js';
import { buildDashboard } from '../layout.js';
import { graph, langfuseLink, pie, singleStat } from '../panels.js';
import {
  datasourceVariable,
  jobVariable,
  labelVariable,
  langfuseProjectVariable,
  langfuseUrlVariable,
} from '../variables.js';

const J = { job: '~$job' };
const BY_MODEL = { ...J, [label('llmCost', 'model')]: '~$model' };
const analyses = metric('analyses');
const cost = metric('llmCost');
const outcomes = metric('tradeOutcomes');
const outcome = label('tradeOutcomes', 'outcome');

/** `sum(increase(x_sum[w])) / sum(increase(x_count[w]))`: the mean observation of a histogram. */
function mean(key: 'analysisCost' | 'feedbackScore', window: string): string {
  return `${sumIncrease(histogramSeries(key, 'sum'), J, [], window)}\n/\n${sumIncrease(histogramSeries(key, 'count'), J, [], window)}`;
}

/** The Langfuse bridge's series (job `langfuse-exporter`), by the same `$model` as the SDK's cost. */
const LF = { job: '~$langfuse_job' };
const LF_MODEL = { ...LF, [bridgeLabel('cost', 'model')]: '~$model' };
/** Recorded by rules/langfuse.yml (copied from the exporter package). */
const LANGFUSE_COST_WINDOW = 'tradingagents:langfuse_cost_usd:window';
const APP_COST_WINDOW = 'tradingagents:llm_cost_usd:increase1h_offset10m';
const COST_DRIFT = 'tradingagents:langfuse_cost_drift_ratio';

/** Wins over all checked outcomes (win, loss, flat); 0 while no win was ever counted. */
const winRate = (window: string): string => ratio(outcomes, J, { [outcome]: 'win' }, [], window);

export function businessDashboard(): Dashboard {
  return buildDashboard({
    uid: 'tradingagents-business',
    title: 'TradingAgents / 5. Business and LLM cost',
    description:
      'Analyses per day, cost per analysis and per day, budget, win rate, feedback and decision mix.',
    tags: ['business', 'cost'],
    langfuseLink: true,
    variables: [
      datasourceVariable(),
      jobVariable('tradingagents'),
      labelVariable({
        name: 'model',
        label: 'Model',
        query: `label_values(${cost}{job=~"$job"}, ${label('llmCost', 'model')})`,
        multi: true,
      }),
      jobVariable('langfuse-exporter', 'langfuse_job', 'Langfuse exporter job'),
      langfuseUrlVariable(),
      langfuseProjectVariable(),
    ],
    rows: [
      {
        title: 'Over the selected range',
        panels: [
          singleStat({
            title: 'Analyses',
            description: 'Analyses completed in the selected range.',
            queries: [{ expr: sumIncrease(analyses, J, [], '$__range') }],
            unit: 'short',
            decimals: 0,
            width: 4,
          }),
          singleStat({
            title: 'LLM cost',
            description: 'LLM cost in the selected range, in US dollars (SDK price table).',
            queries: [{ expr: sumIncrease(cost, BY_MODEL, [], '$__range') }],
            unit: 'currencyUSD',
            width: 4,
            links: [langfuseLink('Cost in Langfuse')],
          }),
          singleStat({
            title: 'Average cost per analysis',
            description:
              'Mean of tradingagents_analysis_cost_usd: the LLM cost recorded inside one analysis.',
            queries: [{ expr: mean('analysisCost', '$__range') }],
            unit: 'currencyUSD',
            decimals: 3,
            width: 4,
          }),
          singleStat({
            title: 'Win rate',
            description: 'Share of checked trade outcomes that were wins (wins over win + loss + flat).',
            queries: [{ expr: winRate('$__range') }],
            unit: 'percentunit',
            baseColor: 'red',
            thresholds: [
              [0.4, 'orange'],
              [0.5, 'green'],
            ],
            width: 4,
          }),
          singleStat({
            title: 'Average feedback score',
            description: 'Mean user feedback score, from 0 (worst) to 1 (best).',
            queries: [{ expr: mean('feedbackScore', '$__range') }],
            unit: 'percentunit',
            baseColor: 'red',
            thresholds: [
              [0.5, 'orange'],
              [0.7, 'green'],
            ],
            width: 4,
          }),
          singleStat({
            title: 'Spend in the last hour vs budget',
            description: `LLM cost of the last hour over the hourly budget (${LLM_BUDGET_SERIES}, rules/budget.yml). HighLLMCost warns above 100%.`,
            queries: [{ expr: `${sumIncrease(cost, J, [], '1h')}\n/\nscalar(${LLM_BUDGET_SERIES})` }],
            unit: 'percentunit',
            thresholds: [
              [0.8, 'orange'],
              [1, 'red'],
            ],
            width: 4,
          }),
        ],
      },
      {
        title: 'Per day',
        panels: [
          graph({
            title: 'Analyses per day',
            description: 'Analyses completed per day, by status.',
            queries: [
              {
                expr: sumIncrease(analyses, J, [label('analyses', 'status')], '1d'),
                legend: '{{status}}',
                interval: '1d',
              },
            ],
            unit: 'short',
            bars: true,
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'LLM cost per day by model',
            description: 'LLM cost per day in US dollars, by model.',
            queries: [
              {
                expr: sumIncrease(cost, BY_MODEL, [label('llmCost', 'model')], '1d'),
                legend: '{{model}}',
                interval: '1d',
                exemplar: true,
              },
            ],
            unit: 'currencyUSD',
            bars: true,
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Unpriced LLM requests per day by model',
            description:
              'Requests whose model has no price: their cost is missing from the LLM cost above (and Langfuse prices them itself if it knows the model). Add the model with the `prices` option.',
            queries: [
              {
                expr: sumIncrease(
                  metric('llmUnpricedRequests'),
                  { ...J, [label('llmUnpricedRequests', 'model')]: '~$model' },
                  [label('llmUnpricedRequests', 'model')],
                  '1d',
                ),
                legend: '{{model}}',
                interval: '1d',
              },
            ],
            unit: 'short',
            bars: true,
            stacked: true,
            min: 0,
          }),
        ],
      },
      {
        title: 'Cost and outcomes over time',
        panels: [
          graph({
            title: 'Hourly spend vs budget',
            description:
              'LLM cost of the last hour (rolling) against the hourly budget that HighLLMCost uses.',
            queries: [
              {
                expr: sumIncrease(cost, J, ['job'], '1h'),
                legend: '{{job}} spend (last hour)',
                exemplar: true,
              },
              { expr: LLM_BUDGET_SERIES, legend: 'hourly budget' },
            ],
            unit: 'currencyUSD',
            min: 0,
          }),
          graph({
            title: 'Cost per analysis (rolling hour)',
            description: 'Mean LLM cost of the analyses completed in the last hour.',
            queries: [{ expr: mean('analysisCost', '1h'), legend: 'mean cost per analysis' }],
            unit: 'currencyUSD',
            min: 0,
          }),
          graph({
            title: 'Win rate and feedback (rolling day)',
            description: 'Win rate of checked outcomes and mean feedback score over the last 24 hours.',
            queries: [
              { expr: winRate('1d'), legend: 'win rate' },
              { expr: mean('feedbackScore', '1d'), legend: 'feedback score' },
            ],
            unit: 'percentunit',
            min: 0,
            max: 1,
          }),
          pie({
            title: 'Decision mix',
            description: 'Final trade decisions (BUY, SELL, HOLD) in the selected range.',
            queries: [
              {
                expr: sumIncrease(
                  metric('tradeDecisions'),
                  J,
                  [label('tradeDecisions', 'decision')],
                  '$__range',
                ),
                legend: '{{decision}}',
              },
            ],
            unit: 'short',
          }),
          graph({
            title: 'Trade outcomes per day',
            description: 'Checked trade outcomes per day (win, loss, flat).',
            queries: [
              { expr: sumIncrease(outcomes, J, [outcome], '1d'), legend: '{{outcome}}', interval: '1d' },
            ],
            unit: 'short',
            bars: true,
            stacked: true,
            width: 24,
            min: 0,
          }),
        ],
      },
      {
        title: 'Langfuse (through @tradingagents/langfuse-exporter)',
        panels: [
          graph({
            title: 'Langfuse cost by model',
            description:
              "LLM cost Langfuse computed from its own model prices over the exporter's rolling window (default: the hour ending 10 minutes before each poll), by model.",
            queries: [
              {
                expr: sumBy([bridgeLabel('cost', 'model')], selector(bridgeMetric('cost'), LF_MODEL)),
                legend: '{{model}}',
              },
            ],
            unit: 'currencyUSD',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Langfuse cost vs SDK cost (drift)',
            description:
              '(Langfuse - SDK) / SDK over the same window (tradingagents:langfuse_cost_drift_ratio); LangfuseCostDrift warns beyond the tolerance for 30m. +Inf: only Langfuse saw cost.',
            queries: [
              { expr: COST_DRIFT, legend: 'drift' },
              {
                expr: `max(${selector(bridgeMetric('driftThreshold'), LF)})`,
                legend: 'tolerance',
              },
              {
                expr: `-max(${selector(bridgeMetric('driftThreshold'), LF)})`,
                legend: '-tolerance',
              },
            ],
            unit: 'percentunit',
          }),
          graph({
            title: 'Cost over the Langfuse window: Langfuse vs SDK',
            description:
              "Langfuse's cost and the SDK's own cost (tradingagents_llm_cost_usd_total) over the same window, the two sides of the drift ratio.",
            queries: [
              { expr: LANGFUSE_COST_WINDOW, legend: 'Langfuse' },
              { expr: APP_COST_WINDOW, legend: 'SDK (price table)' },
            ],
            unit: 'currencyUSD',
            min: 0,
          }),
          graph({
            title: 'Langfuse tokens by model and type',
            description: 'Input and output tokens Langfuse counted over the rolling window, by model.',
            queries: [
              {
                expr: sumBy(
                  [bridgeLabel('tokens', 'model'), bridgeLabel('tokens', 'type')],
                  selector(bridgeMetric('tokens'), {
                    ...LF_MODEL,
                    [bridgeLabel('tokens', 'type')]: '!total',
                  }),
                ),
                legend: '{{model}} {{type}}',
              },
            ],
            unit: 'short',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Langfuse observations by trace name',
            description: 'Model-call observations in Langfuse over the rolling window, by trace name.',
            queries: [
              {
                expr: sumBy(
                  [bridgeLabel('observations', 'trace_name')],
                  selector(bridgeMetric('observations'), LF_MODEL),
                ),
                legend: '{{trace_name}}',
              },
            ],
            unit: 'short',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Langfuse p95 latency by model',
            description:
              'p95 latency of model-call observations as Langfuse measured it over the rolling window (the max over trace names and environments).',
            queries: [
              {
                expr: `max by (${bridgeLabel('latencyP95', 'model')}) (${selector(bridgeMetric('latencyP95'), LF_MODEL)})`,
                legend: '{{model}}',
              },
            ],
            unit: 's',
            min: 0,
          }),
          singleStat({
            title: 'Langfuse data age',
            description:
              'Seconds since the exporter last polled Langfuse successfully; LangfuseExporterStale warns after 30m.',
            queries: [{ expr: `time() - max(${selector(bridgeMetric('lastSuccess'), LF)})` }],
            unit: 's',
            thresholds: [
              [900, 'orange'],
              [1800, 'red'],
            ],
            width: 6,
            height: 8,
          }),
          langfuseDailyTable(),
        ],
      },
    ],
  });
}
