/**
 * `@tradingagents/telemetry/cluster`: one `/metrics` per host for apps run under `node:cluster`.
 * The primary serves the workers' series merged; each worker announces its own loopback endpoint.
 */

export type { ClusterMetrics, ClusterMetricsOptions } from './primary.js';
export { startClusterMetrics } from './primary.js';
export { shareMetricsWithPrimary } from './worker.js';
