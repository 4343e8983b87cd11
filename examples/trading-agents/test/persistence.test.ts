import { createRequire } from 'node:module';
import { type MetricFamily, scrape, sumSamples } from '@tradingagents/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATE } from '../src/cli.js';
import { TABLE } from '../src/store.js';
import { cleanEnv, type DemoProcess, freePort, metricsUrlOf, startDemo } from './support/demo-process.js';
import { findPostgresBin, type PostgresServer, startPostgres } from './support/postgres.js';

const bin = findPostgresBin();
const { Client } = createRequire(import.meta.url)('pg') as typeof pg;

// Never skipped: `pnpm test` installs PostgreSQL first (scripts/ensure-system-packages.sh); without it this fails.
describe('persistence in PostgreSQL (DATABASE_URL)', () => {
  let server: PostgresServer;
  let demo: DemoProcess;
  let families: MetricFamily[];
  let rows: Record<string, unknown>[];

  beforeAll(async () => {
    if (bin === undefined) {
      throw new Error(
        'PostgreSQL binaries not found: run `bash scripts/ensure-system-packages.sh` (apt-get install postgresql).',
      );
    }
    server = await startPostgres(bin);
    demo = startDemo(['--tickers', 'AAPL,MSFT', '--metrics-port', String(await freePort())], {
      env: cleanEnv({ DATABASE_URL: server.url }),
    });
    await demo.waitFor('press Ctrl-C to stop');
    families = await scrape(metricsUrlOf(demo.stdout()));
    expect(await demo.stop(), demo.stderr()).toBe(0);
    const client = new Client({ connectionString: server.url });
    await client.connect();
    rows = (
      await client.query(`SELECT *, to_char(trade_date, 'YYYY-MM-DD') AS day FROM ${TABLE} ORDER BY ticker`)
    ).rows;
    await client.end();
  }, 90_000);

  afterAll(async () => {
    await demo?.stop();
    await server?.stop();
  });

  it('says the database is on', () => {
    expect(demo.stdout()).toContain('database: PostgreSQL');
  });

  it('writes one row per analysis', () => {
    expect(rows.map((r) => r.ticker)).toEqual(['AAPL', 'MSFT']);
    for (const row of rows) {
      expect(row.status).toBe('success');
      expect(['BUY', 'SELL', 'HOLD']).toContain(row.decision);
      expect(['win', 'loss', 'flat']).toContain(row.outcome);
      expect(row.cost_usd).toBeGreaterThan(0);
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.duration_ms).toBeGreaterThan(0);
      expect(row.day).toBe(DEFAULT_DATE);
    }
    // The stored cost is the analysis cost, which sums the LLM costs on /metrics.
    const stored = rows.reduce((s, r) => s + (r.cost_usd as number), 0);
    expect(stored).toBeCloseTo(sumSamples(families, 'tradingagents_llm_cost_usd_total'), 12);
  });

  it('exposes client-side DB metrics from the pg instrumentation', () => {
    const duration = families.find((f) => f.name === 'db_client_operation_duration');
    expect(duration?.type).toBe('histogram');
    // CREATE TABLE + one INSERT per analysis, at least.
    expect(sumSamples(families, 'db_client_operation_duration_count')).toBeGreaterThanOrEqual(3);
  });
});
