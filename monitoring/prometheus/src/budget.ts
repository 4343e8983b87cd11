/**
 * The hourly LLM budget is a constant series so that operators change it in one small rule file
 * (`monitoring/prometheus/rules/budget.yml`, not generated) and Grafana can draw it next to spend.
 */

/** Name of the constant series holding the hourly LLM budget in US dollars. */
export const LLM_BUDGET_SERIES = 'tradingagents:llm_cost_budget_usd:1h';

/**
 * Budget used by `HighLLMCost` when the budget series is missing (the file was not loaded).
 * Keep it equal to the value in `rules/budget.yml`; a test checks that it is.
 * @default 10
 */
export const DEFAULT_HOURLY_LLM_BUDGET_USD = 10;
