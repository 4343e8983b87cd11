import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { ChainValues } from '@langchain/core/utils/types';
import { ROLE_IDS } from './agents/roles.js';
import { progressLine } from './pipeline.js';

const ROLE_NAMES: ReadonlySet<string> = new Set(ROLE_IDS);

/** Prints a line whenever an agent (a graph node named after a role) finishes. */
export class ProgressHandler extends BaseCallbackHandler {
  readonly name = 'demo_progress';
  private readonly runs = new Map<string, { agent: string; started: number }>();

  constructor(
    private readonly ticker: string,
    private readonly print: (line: string) => void,
  ) {
    super();
  }

  override handleChainStart(
    _chain: Serialized,
    _inputs: ChainValues,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): void {
    if (runName !== undefined && ROLE_NAMES.has(runName))
      this.runs.set(runId, { agent: runName, started: performance.now() });
  }

  override handleChainEnd(_outputs: ChainValues, runId: string): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    this.runs.delete(runId);
    this.print(progressLine(this.ticker, run.agent, performance.now() - run.started));
  }

  override handleChainError(_error: unknown, runId: string): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    this.runs.delete(runId);
    this.print(progressLine(this.ticker, run.agent, 'FAILED'));
  }
}
