#!/usr/bin/env bash
# Makes sure the Debian packages the test suite runs for real are present:
# Prometheus + promtool, Alertmanager, node, postgres and blackbox exporters, VictoriaMetrics,
# PostgreSQL, the openssl CLI and the Prometheus Python client (a reference OpenMetrics parser).
# As root with apt-get it installs what is missing; otherwise it says what to install and fails.
set -euo pipefail

declare -A BINARY_OF=(
  [prometheus]=/usr/bin/prometheus
  [prometheus-alertmanager]=/usr/bin/prometheus-alertmanager
  [prometheus-node-exporter]=/usr/bin/prometheus-node-exporter
  [prometheus-postgres-exporter]=/usr/bin/prometheus-postgres-exporter
  [prometheus-blackbox-exporter]=/usr/bin/prometheus-blackbox-exporter
  [victoria-metrics]=/usr/bin/victoria-metrics
  # The service health e2e makes its test TLS certificate with the openssl CLI.
  [openssl]=/usr/bin/openssl
  [postgresql]=/usr/lib/postgresql
  # The reference OpenMetrics parser (prometheus_client.openmetrics.parser) the OpenMetrics tests check against.
  [python3-prometheus-client]=/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py
)

missing=()
for package in "${!BINARY_OF[@]}"; do
  [ -e "${BINARY_OF[$package]}" ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts these as services where it can; the tests start their own on loopback.
for service in prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter \
  prometheus-blackbox-exporter victoria-metrics postgresql; do
  if command -v service >/dev/null 2>&1; then service "$service" stop >/dev/null 2>&1 || true; fi
done
