import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/** What {@link captureDiag} returns. */
export interface CapturedDiag {
  /** Each message as `level message args…`, in order. */
  readonly messages: string[];
  /** All messages, one per line. */
  text(): string;
  /** Removes the logger (`diag.disable()`). */
  restore(): void;
}

/**
 * Installs an OTel `diag` logger that keeps error, warn and info messages, so that a test can assert
 * what a user would see in their logs.
 */
export function captureDiag(): CapturedDiag {
  const messages: string[] = [];
  const record =
    (level: string) =>
    (message: string, ...args: unknown[]) => {
      messages.push(
        `${level} ${message} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`,
      );
    };
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
  return { messages, text: () => messages.join('\n'), restore: () => diag.disable() };
}
