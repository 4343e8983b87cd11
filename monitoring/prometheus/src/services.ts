/**
 * Service health alerts, from the blackbox exporter's probes of the services the app depends on
 * (job `blackbox`, one probe per `service`: the app's /metrics, Grafana, Langfuse, PostgreSQL over
 * TCP, the LLM provider's API). Thresholds are named constants; promtool unit tests in
 * monitoring/prometheus/tests/services.yml show each alert firing and quiet.
 */
import { selector } from '../../src/promql.js';
import type { AlertRule, Severity } from './types.js';

/** Scrape job of the probes (monitoring/prometheus/prometheus.yml). */
export const PROBE_JOB = 'blackbox';
/** Days before a TLS certificate's expiry at which `CertificateExpiring` warns / pages. */
export const CERT_EXPIRY_WARNING_DAYS = 14;
export const CERT_EXPIRY_CRITICAL_DAYS = 3;
/** Average probe duration, in seconds over 5m, above which `ProbeSlow` fires. */
export const PROBE_SLOW_SECONDS = 2;

const probe = (name: string): string => selector(name, { job: PROBE_JOB });
const DAY = 86_400;

function serviceRule(
  alert: string,
  severity: Severity,
  forDuration: string,
  expr: string,
  annotations: AlertRule['annotations'],
): AlertRule {
  return { alert, expr, for: forDuration, labels: { severity, layer: 'infra' }, annotations };
}

function certificateExpiring(severity: Severity, days: number): AlertRule {
  return serviceRule(
    'CertificateExpiring',
    severity,
    '10m',
    `(${probe('probe_ssl_earliest_cert_expiry')} - time()) / ${DAY} < ${days}`,
    {
      summary: `The TLS certificate of {{ $labels.service }} expires in less than ${days} days`,
      description:
        'The earliest-expiring certificate that {{ $labels.instance }} ({{ $labels.service }}) presents ' +
        'expires in {{ $value | printf "%.1f" }} days (probe_ssl_earliest_cert_expiry).',
      runbook:
        'Renew the certificate (cert-manager: check the Certificate and its CertificateRequest; ACME: ' +
        "the client's log and the HTTP-01/DNS-01 challenge). For a provider's endpoint (Langfuse Cloud, the " +
        'LLM API), check whether a proxy or a pinned intermediate in between serves the old chain.',
    },
  );
}

/** Alerts on the probes of the services the app depends on. */
export const SERVICE_RULES: readonly AlertRule[] = [
  serviceRule('ServiceDown', 'critical', '2m', `${probe('probe_success')} == 0`, {
    summary: '{{ $labels.service }} is down: its probe of {{ $labels.instance }} fails',
    description:
      'The blackbox exporter has not reached {{ $labels.instance }} ({{ $labels.service }}, module ' +
      '{{ $labels.module }}) for 2 minutes: connection refused, timeout, TLS error or an unexpected status.',
    runbook:
      "Open the Services dashboard for the failing probe, then the exporter's own view of it " +
      '(http://<blackbox-exporter>:9115/, "Recent probes", with the debug log of the failure). Check that ' +
      'the service runs and is reachable from the exporter (DNS, firewall, certificate). The app alerts ' +
      'that depend on the service (LangfuseExportFailing, LLMProviderErrors) usually follow.',
  }),
  certificateExpiring('warning', CERT_EXPIRY_WARNING_DAYS),
  certificateExpiring('critical', CERT_EXPIRY_CRITICAL_DAYS),
  serviceRule(
    'ProbeSlow',
    'warning',
    '10m',
    `avg_over_time(${probe('probe_duration_seconds')}[5m]) > ${PROBE_SLOW_SECONDS}\nand\n  ${probe('probe_success')} == 1`,
    {
      summary: `Probes of {{ $labels.service }} take more than ${PROBE_SLOW_SECONDS}s`,
      description:
        'Probes of {{ $labels.instance }} ({{ $labels.service }}) took {{ $value | humanizeDuration }} on ' +
        'average over the last 5m (probe_duration_seconds); they still succeed.',
      runbook:
        'Open the Services dashboard: the phases of the HTTP probe (DNS, connect, TLS, processing) show ' +
        'where the time goes. A slow DNS or connect phase points at the network, a slow processing phase ' +
        'at the service itself (its CPU and memory under Containers, its own dashboard).',
    },
  ),
];
