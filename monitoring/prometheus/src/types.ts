/** Prometheus rule file shapes (the subset we generate). */

export type Severity = 'critical' | 'warning' | 'info';

/**
 * Which layer an alert watches. Alertmanager inhibits `app` alerts of an instance while
 * `TelemetryTargetDown` fires for it: with no scrape there is no fresh app data to judge.
 */
export type Layer = 'app' | 'target' | 'infra';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity; readonly layer: Layer };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook: string };
}

export interface RuleGroup<R> {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly R[];
}
