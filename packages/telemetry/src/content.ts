import type { ResolvedConfig } from './config.js';
import { log } from './diag-logger.js';

export const MASK_FAILED_PLACEHOLDER = '[content removed: mask failed]';

/** Serialises content to a string, without ever throwing. */
function toText(content: unknown): string {
  if (typeof content === 'string') return content;
  try {
    return JSON.stringify(content) ?? String(content);
  } catch {
    return '[unserialisable content]';
  }
}

/**
 * Returns the content to put on a span, or `undefined` when capture is off. When on, the user's
 * mask runs on the text; if it throws or returns a non-string, the content is replaced (fails closed).
 */
export function captureContent(config: ResolvedConfig['content'], content: unknown): string | undefined {
  if (!config.capture || content === undefined) return undefined;
  let text = toText(content);
  if (text.length > config.maxLength) text = `${text.slice(0, config.maxLength)}…[truncated]`;
  if (config.mask === undefined) return text;
  try {
    const masked = config.mask(text);
    if (typeof masked === 'string') return masked;
    log.warn('@tradingagents/telemetry: content mask returned a non-string; content dropped.');
  } catch (error) {
    log.warn(
      `@tradingagents/telemetry: content mask threw (${(error as Error)?.name ?? 'error'}); content dropped.`,
    );
  }
  return MASK_FAILED_PLACEHOLDER;
}
