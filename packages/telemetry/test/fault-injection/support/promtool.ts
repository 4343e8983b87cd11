import { spawnSync } from 'node:child_process';

export interface PromtoolReport {
  /** The exit code (0 clean, 3 lint findings only, 1 parse error in Prometheus 2.42). */
  status: number | null;
  /** Text-format parse errors: the exposition is invalid. */
  errors: string[];
  /** Lint hints (naming, missing HELP): recorded, not failures. */
  lint: string[];
}

/**
 * Pipes exposition text to `promtool check metrics`. Parse errors are printed as
 * `error while linting: text format parsing error …` on stderr; lint hints go to stdout, one per
 * line, and also make the exit code non-zero, so the output is classified rather than the code.
 */
export function promtoolCheckMetrics(text: string): PromtoolReport {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  if (run.error) throw run.error;
  const lines = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /error|parsing|invalid/i.test(l));
  const lint = lines.filter((l) => !errors.includes(l));
  // A non-zero code with no recognisable lint line is treated as an error, so nothing passes silently.
  if (run.status !== 0 && run.status !== 3 && errors.length === 0)
    errors.push(`promtool exited ${run.status}`);
  return { status: run.status, errors, lint };
}
