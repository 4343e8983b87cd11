import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/** Collects `diag` messages so tests can assert what a user would see in their logs. */
export function captureDiag(): { messages: string[]; text(): string; restore(): void } {
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
