/**
 * 4. Database: PostgreSQL from postgres_exporter (server side) and query durations measured by the
 * app's @opentelemetry/instrumentation-pg (client side): the `db.client.operation.duration`
 * histogram in seconds, scraped as `db_client_operation_duration_{bucket,sum,count}` with
 * labels db_operation_name, db_namespace, server_address, server_port, db_system(_name), error_type.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { quantile, selector, sumBy, sumRate } from '../../../src/promql.js';
import { buildDashboard } from '../layout.js';
import { graph, singleStat } from '../panels.js';
import { datasourceVariable, instanceVariable, jobVariable } from '../variables.js';

const RI = '$__rate_interval';
/** postgres_exporter targets. */
const PG = { job: '~$pg_job', instance: '~$pg_instance' };
/** Real databases: no templates, no shared-objects row (empty datname). */
const DB = { ...PG, datname: '!~|template0|template1' };
/** The app, for the client-side histogram. */
const APP = { job: '~$job', instance: '~$instance' };
const CLIENT_BUCKETS = 'db_client_operation_duration_bucket';

const connectionsUsed =
  `sum by (instance) (${selector('pg_stat_activity_count', PG)})\n/ on (instance)\n` +
  `max by (instance) (${selector('pg_settings_max_connections', PG)})`;

function rateByDb(series: string): string {
  return sumRate(series, DB, ['datname'], RI);
}

export function databaseDashboard(): Dashboard {
  return buildDashboard({
    uid: 'tradingagents-database',
    title: 'TradingAgents / 4. Database',
    description:
      'PostgreSQL health from postgres_exporter, and query durations seen by the app (OTel pg instrumentation).',
    tags: ['database', 'postgres'],
    variables: [
      datasourceVariable(),
      jobVariable('postgres', 'pg_job', 'Exporter job'),
      instanceVariable('pg_job', 'pg_instance', 'Exporter'),
      jobVariable('tradingagents'),
      instanceVariable(),
    ],
    rows: [
      {
        title: 'Server',
        panels: [
          singleStat({
            title: 'PostgreSQL up',
            description:
              'pg_up: 1 when postgres_exporter can connect. PostgresDown pages after 1 minute at 0.',
            queries: [{ expr: `min(${selector('pg_up', PG)})` }],
            unit: 'short',
            baseColor: 'red',
            thresholds: [[1, 'green']],
          }),
          singleStat({
            title: 'Connections used',
            description:
              'Connections over max_connections. PostgresConnectionsSaturated warns at 80%, pages at 95%.',
            queries: [{ expr: `max(${connectionsUsed})` }],
            unit: 'percentunit',
            thresholds: [
              [0.8, 'orange'],
              [0.95, 'red'],
            ],
          }),
          singleStat({
            title: 'Cache hit ratio',
            description: 'Share of block reads served from shared buffers, over the selected range.',
            queries: [
              {
                expr:
                  `sum(increase(${selector('pg_stat_database_blks_hit', DB)}[$__range]))\n/\n` +
                  `(sum(increase(${selector('pg_stat_database_blks_hit', DB)}[$__range])) + sum(increase(${selector('pg_stat_database_blks_read', DB)}[$__range])))`,
              },
            ],
            unit: 'percentunit',
            decimals: 1,
          }),
          singleStat({
            title: 'Database size',
            description: 'Size on disk of the real databases.',
            queries: [{ expr: sumBy([], selector('pg_database_size_bytes', DB)) }],
            unit: 'bytes',
          }),
        ],
      },
      {
        title: 'Connections',
        panels: [
          graph({
            title: 'Connections by state',
            description: 'Backends by state (active, idle, idle in transaction…), against max_connections.',
            queries: [
              { expr: sumBy(['state'], selector('pg_stat_activity_count', PG)), legend: '{{state}}' },
              { expr: `max(${selector('pg_settings_max_connections', PG)})`, legend: 'max_connections' },
            ],
            unit: 'short',
            min: 0,
          }),
          graph({
            title: 'Connections by database',
            description: 'Backends per database.',
            queries: [
              { expr: sumBy(['datname'], selector('pg_stat_activity_count', DB)), legend: '{{datname}}' },
            ],
            unit: 'short',
            stacked: true,
            min: 0,
          }),
        ],
      },
      {
        title: 'Activity',
        panels: [
          graph({
            title: 'Transactions',
            description: 'Commits and rollbacks per second, per database.',
            queries: [
              { expr: rateByDb('pg_stat_database_xact_commit'), legend: '{{datname}} commit' },
              { expr: rateByDb('pg_stat_database_xact_rollback'), legend: '{{datname}} rollback' },
            ],
            unit: 'ops',
            min: 0,
          }),
          graph({
            title: 'Cache hit ratio by database',
            description: 'Share of block reads served from shared buffers.',
            queries: [
              {
                expr: `${rateByDb('pg_stat_database_blks_hit')}\n/\n(${rateByDb('pg_stat_database_blks_hit')} + ${rateByDb('pg_stat_database_blks_read')})`,
                legend: '{{datname}}',
              },
            ],
            unit: 'percentunit',
            max: 1,
          }),
          graph({
            title: 'Locks by mode',
            description: 'Locks held, by lock mode; deadlocks per second.',
            queries: [
              { expr: sumBy(['mode'], selector('pg_locks_count', DB)), legend: '{{mode}}' },
              {
                expr: sumBy([], `rate(${selector('pg_stat_database_deadlocks', DB)}[${RI}])`),
                legend: 'deadlocks/s',
              },
            ],
            unit: 'short',
            min: 0,
          }),
          graph({
            title: 'Slow queries: longest running transaction',
            description:
              'Age of the oldest open transaction per database and state (pg_stat_activity_max_tx_duration). Long "idle in transaction" holds locks and bloats tables.',
            queries: [
              {
                expr: `max by (datname, state) (${selector('pg_stat_activity_max_tx_duration', { ...DB, state: '~active|idle in transaction' })})`,
                legend: '{{datname}} {{state}}',
              },
            ],
            unit: 's',
            min: 0,
          }),
        ],
      },
      {
        title: 'Queries seen by the app (OpenTelemetry pg instrumentation)',
        panels: [
          graph({
            title: 'Query duration p50 / p95 / p99',
            description:
              'Percentiles of db.client.operation.duration measured around each pg query by the app.',
            queries: (
              [
                [0.5, 'p50'],
                [0.95, 'p95'],
                [0.99, 'p99'],
              ] as const
            ).map(([q, legend]) => ({ expr: quantile(q, CLIENT_BUCKETS, APP, [], RI), legend })),
            unit: 's',
            min: 0,
          }),
          graph({
            title: 'Queries by operation',
            description: 'Queries per second by SQL operation (SELECT, INSERT…), and their p95 duration.',
            queries: [
              {
                expr: sumRate('db_client_operation_duration_count', APP, ['db_operation_name'], RI),
                legend: '{{db_operation_name}}',
              },
            ],
            unit: 'ops',
            stacked: true,
            min: 0,
          }),
        ],
      },
    ],
  });
}
