/** Thrown by {@link parsePrometheusText} for input that violates the text format. */
export class PrometheusParseError extends Error {
  constructor(
    message: string,
    /** 1-based line number, 0 for whole-document problems. */
    readonly line: number,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'PrometheusParseError';
  }
}
