/**
 * Metrics that dashboards and rules may use besides the SDK's catalogue: they come from exporters
 * and instrumentations we do not define. An explicit list, so a typo in a name fails a test
 * instead of drawing an empty panel. Versions: those of docker-compose.monitoring.yml and Debian 12.
 */
export const EXPORTER_METRICS: Readonly<Record<string, readonly string[]>> = {
  /** Prometheus itself, per scrape target. */
  prometheus: ['up'],
  /** node_exporter 1.5. */
  node_exporter: [
    'node_boot_time_seconds',
    'node_cpu_seconds_total',
    'node_disk_read_bytes_total',
    'node_disk_written_bytes_total',
    'node_filesystem_avail_bytes',
    'node_filesystem_readonly',
    'node_filesystem_size_bytes',
    'node_load1',
    'node_memory_MemAvailable_bytes',
    'node_memory_MemTotal_bytes',
    'node_network_receive_bytes_total',
    'node_network_receive_errs_total',
    'node_network_transmit_bytes_total',
    'node_network_transmit_errs_total',
  ],
  /** postgres_exporter 0.11 (default collectors). */
  postgres_exporter: [
    'pg_database_size_bytes',
    'pg_locks_count',
    'pg_settings_max_connections',
    'pg_stat_activity_count',
    'pg_stat_activity_max_tx_duration',
    'pg_stat_database_blks_hit',
    'pg_stat_database_blks_read',
    'pg_stat_database_deadlocks',
    'pg_stat_database_xact_commit',
    'pg_stat_database_xact_rollback',
    'pg_up',
  ],
  /** blackbox_exporter 0.23 (monitoring/blackbox/blackbox.yml), job `blackbox`. */
  blackbox_exporter: [
    'probe_duration_seconds',
    'probe_http_duration_seconds',
    'probe_http_status_code',
    'probe_ssl_earliest_cert_expiry',
    'probe_success',
  ],
  /** cAdvisor (docker-compose.monitoring.yml; kept by the cadvisor job's metric_relabel_configs). */
  cadvisor: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'],
  /**
   * @opentelemetry/instrumentation-pg in the app: `db.client.operation.duration` (histogram, seconds)
   * through the OTel Prometheus exporter, which appends no unit suffix.
   */
  'instrumentation-pg': ['db_client_operation_duration_bucket', 'db_client_operation_duration_count'],
};

/** Every allowed exporter metric name. */
export const EXPORTER_METRIC_NAMES: ReadonlySet<string> = new Set(Object.values(EXPORTER_METRICS).flat());
