import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './types.js';

/** Records a request as it arrives; its status is filled in when the response finishes. */
export function recordRequest(
  req: IncomingMessage,
  res: ServerResponse,
  requests: RecordedRequest[],
): RecordedRequest {
  const recorded: RecordedRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: new URL(req.url ?? '/', 'http://testkit.invalid').pathname,
    headers: req.headers,
    body: undefined,
    receivedAt: new Date(),
  };
  requests.push(recorded);
  res.once('finish', () => {
    recorded.status = res.statusCode;
  });
  return recorded;
}
