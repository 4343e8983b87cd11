import type { OpenAIFault } from './types.js';

/** Holds the current fault and counts down its `times`. */
export class FaultState {
  private fault: OpenAIFault | undefined;
  private remaining = 0;

  /** Installs a fault, or clears it with `undefined`. */
  set(fault: OpenAIFault | undefined): void {
    if (
      fault !== undefined &&
      (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599)
    ) {
      throw new TypeError(`fault status must be an HTTP error status (400-599), got ${fault.status}`);
    }
    this.fault = fault === undefined ? undefined : { ...fault };
    this.remaining = fault?.times ?? Number.POSITIVE_INFINITY;
  }

  /** Returns the fault to apply to this request, consuming one of its `times`. */
  take(): OpenAIFault | undefined {
    const fault = this.fault;
    if (fault === undefined || this.remaining <= 0) return undefined;
    this.remaining--;
    if (this.remaining <= 0) this.fault = undefined;
    return fault;
  }
}
