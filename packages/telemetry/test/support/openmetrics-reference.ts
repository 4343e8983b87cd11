import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The OpenMetrics parser of the Prometheus Python client (Debian `python3-prometheus-client`,
 * `prometheus_client.openmetrics.parser`): a second, independent reading of our OpenMetrics text.
 * It enforces the OpenMetrics 1.0 grammar (`# EOF`, `_total`/`_created` names per type, label and
 * exemplar syntax, bucket order, clashing names). `promtool check metrics` cannot be that check:
 * every promtool version lints through client_golang's promlint, which reads only the 0.0.4 text
 * format (prometheus/prometheus `cmd/promtool/main.go`, `CheckMetrics`).
 */
export const REFERENCE_PYTHON = '/usr/bin/python3';
export const REFERENCE_PARSER = '/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py';

export interface ReferenceSample {
  family: string;
  type: string;
  name: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: { labels: Record<string, string>; value: number; timestamp?: number };
}

const SCRIPT = `
import json, math, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        e = s.exemplar
        v = s.value
        out.append({
            "family": family.name, "type": family.type, "name": s.name, "labels": s.labels,
            "value": v if math.isfinite(v) else str(v),
            **({"exemplar": {"labels": e.labels, "value": e.value, "timestamp": float(e.timestamp) if e.timestamp is not None else None}} if e else {}),
        })
print(json.dumps(out))
`;

export function referenceParserAvailable(): boolean {
  return existsSync(REFERENCE_PYTHON) && existsSync(REFERENCE_PARSER);
}

/** Parses `text` with the reference parser; throws with its message when it rejects the text. */
export function parseWithReference(text: string): ReferenceSample[] {
  const run = spawnSync(REFERENCE_PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(
      `reference OpenMetrics parser rejected the text: ${run.stderr.trim().split('\n').at(-1)}`,
    );
  return JSON.parse(run.stdout) as ReferenceSample[];
}
