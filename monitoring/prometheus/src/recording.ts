/**
 * Recording rules for the rates and quantiles that dashboards and people ask for most.
 * Names follow Prometheus' `level:metric:operations` convention.
 */
import { histogramSeries, label, metric } from '../../src/catalogue.js';
import { quantile, ratio, sumIncrease, sumRate } from '../../src/promql.js';
import type { RecordingRule, RuleGroup } from './types.js';

const W = '5m';
const JOB = ['job'];
const JOB_INSTANCE = ['job', 'instance'];

const analyses = metric('analyses');
const analysisBuckets = histogramSeries('analysisDuration', 'bucket');
const agentExecutions = metric('agentExecutions');
const agentBuckets = histogramSeries('agentDuration', 'bucket');
const llmRequests = metric('llmRequests');
const llmTokens = metric('llmTokens');
const llmCost = metric('llmCost');
const toolCalls = metric('toolCalls');
const agent = label('agentExecutions', 'agent_name');
const model = label('llmRequests', 'model');

function quantiles(prefix: string, bucket: string, labels: readonly string[]): RecordingRule[] {
  return ([50, 95, 99] as const).map((p) => ({
    record: `${prefix}:p${p}_rate${W}`,
    expr: quantile(p / 100, bucket, {}, labels, W),
  }));
}

/** Recording rules over the SDK's own metrics. */
export const RECORDING_GROUPS: readonly RuleGroup<RecordingRule>[] = [
  {
    name: 'tradingagents.recording',
    rules: [
      {
        record: `job_instance_status:${analyses}:rate${W}`,
        expr: sumRate(analyses, {}, [...JOB_INSTANCE, label('analyses', 'status')], W),
      },
      {
        record: `job_instance:${analyses}:error_ratio_rate${W}`,
        expr: ratio(analyses, {}, { status: 'error' }, JOB_INSTANCE, W),
      },
      ...quantiles(`job:${metric('analysisDuration')}`, analysisBuckets, JOB),
      {
        record: `job_agent_name_status:${agentExecutions}:rate${W}`,
        expr: sumRate(agentExecutions, {}, [...JOB, agent, label('agentExecutions', 'status')], W),
      },
      ...quantiles(`job_agent_name:${metric('agentDuration')}`, agentBuckets, [...JOB, agent]),
      {
        record: `job_model_status:${llmRequests}:rate${W}`,
        expr: sumRate(llmRequests, {}, [...JOB, model, label('llmRequests', 'status')], W),
      },
      {
        record: `job_model_type:${llmTokens}:rate${W}`,
        expr: sumRate(llmTokens, {}, [...JOB, label('llmTokens', 'model'), label('llmTokens', 'type')], W),
      },
      {
        record: `job_tool_status:${toolCalls}:rate${W}`,
        expr: sumRate(toolCalls, {}, [...JOB, label('toolCalls', 'tool'), label('toolCalls', 'status')], W),
      },
      {
        record: `job:${llmCost}:increase1h`,
        expr: sumIncrease(llmCost, {}, JOB, '1h'),
      },
      {
        record: `job_model:${llmCost}:increase1h`,
        expr: sumIncrease(llmCost, {}, [...JOB, label('llmCost', 'model')], '1h'),
      },
    ],
  },
];
