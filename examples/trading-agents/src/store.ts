import { createRequire } from 'node:module';
import type { Pool } from 'pg';

/** One stored analysis. */
export interface AnalysisRow {
  runId: string;
  ticker: string;
  tradeDate: string;
  status: 'success' | 'error';
  decision: string | null;
  confidence: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  outcome: string | null;
  feedback: number | null;
  error: string | null;
}

export interface ResultStore {
  save(row: AnalysisRow): Promise<void>;
  close(): Promise<void>;
}

export const TABLE = 'tradingagents_analyses';

const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  id            BIGSERIAL PRIMARY KEY,
  run_id        TEXT NOT NULL,
  ticker        TEXT NOT NULL,
  trade_date    DATE NOT NULL,
  status        TEXT NOT NULL,
  decision      TEXT,
  confidence    DOUBLE PRECISION,
  cost_usd      DOUBLE PRECISION NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  duration_ms   INTEGER NOT NULL,
  outcome       TEXT,
  feedback      DOUBLE PRECISION,
  error         TEXT,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

const INSERT = `INSERT INTO ${TABLE}
  (run_id, ticker, trade_date, status, decision, confidence, cost_usd, input_tokens, output_tokens,
   duration_ms, outcome, feedback, error)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

/**
 * Opens a PostgreSQL store and creates its table if needed. `pg` is loaded with `require` on
 * purpose: `@opentelemetry/instrumentation-pg` patches it through the CommonJS loader, so the
 * client-side DB metrics and spans exist without an ESM loader hook.
 */
export async function openStore(connectionString: string): Promise<ResultStore> {
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  const pool: Pool = new pg.Pool({ connectionString, max: 4 });
  // An idle client losing its server must not crash the app; the next query reports it.
  pool.on('error', (error) => console.error(`database: ${error.message}`));
  try {
    await pool.query(CREATE);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return {
    save: async (row) => {
      await pool.query(INSERT, [
        row.runId,
        row.ticker,
        row.tradeDate,
        row.status,
        row.decision,
        row.confidence,
        row.costUsd,
        row.inputTokens,
        row.outputTokens,
        Math.round(row.durationMs),
        row.outcome,
        row.feedback,
        row.error,
      ]);
    },
    close: () => pool.end(),
  };
}
