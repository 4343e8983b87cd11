/** The IPC messages between a cluster's primary and its workers (over node:cluster's channel). */

/** A worker tells the primary where its own `/metrics` listens (on loopback). */
export const ENDPOINT_MESSAGE = '@tradingagents/telemetry:metrics-endpoint';
/** The primary asks every worker to (re)send its endpoint, e.g. when it starts after them. */
export const QUERY_MESSAGE = '@tradingagents/telemetry:metrics-endpoint?';

export interface EndpointMessage {
  readonly type: typeof ENDPOINT_MESSAGE;
  readonly url: string;
}

export function isEndpointMessage(message: unknown): message is EndpointMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === ENDPOINT_MESSAGE &&
    typeof (message as { url?: unknown }).url === 'string'
  );
}

export function isQueryMessage(message: unknown): boolean {
  return (
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === QUERY_MESSAGE
  );
}
