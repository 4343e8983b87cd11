#!/usr/bin/env bash
# Runs the SDK packages' tests again on Node 22 (what most users run), beside the Node 20 run, and
# the example's tests of the providers that need Node 22 (the Vercel AI SDK 7, the OpenAI Agents SDK).
# The Node 22 binary comes from the npm registry's `node` package into .tmp/node22 (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tmp/node22
if [ ! -x "$dir/node_modules/.bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent node@22 >/dev/null
fi
export PATH="$PWD/$dir/node_modules/.bin:$PATH"
echo "Node $(node --version): SDK package tests, example providers needing Node 22"
exec node node_modules/vitest/vitest.mjs run packages/telemetry packages/instrumentation \
  examples/trading-agents/test/langfuse-e2e-node22.test.ts "$@"
