import { obj, str } from '../shared/safe.js';

/** LangGraph errors that steer the graph (interrupts, `Command` to a parent) rather than report a failure. */
const CONTROL_FLOW_ERRORS = new Set(['GraphInterrupt', 'NodeInterrupt', 'ParentCommand', 'GraphBubbleUp']);

/** True for an interrupt or a `Command` bubbling up: the run ends, but not in error. */
export function isControlFlow(error: unknown): boolean {
  const e = obj(error);
  if (!e) return false;
  return CONTROL_FLOW_ERRORS.has(str(e.name) ?? '') || e.lc_error_code === 'GRAPH_INTERRUPT';
}
