import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/response.js';
import type { AnthropicScriptedError } from './types.js';

/** The API's `error.type` and default message for each status (docs: "Errors", HTTP errors). */
const BY_STATUS: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'There was an issue with the format or content of your request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource was not found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
};

/** The `{ type: 'error', error: { type, message }, request_id }` body for an error. */
export function anthropicErrorBody(
  error: AnthropicScriptedError,
  requestId: string,
): Record<string, unknown> {
  const [type, message] = BY_STATUS[error.status] ?? (error.status >= 500 ? BY_STATUS[500] : BY_STATUS[400]);
  return {
    type: 'error',
    error: { type: error.type ?? type, message: error.message ?? message },
    request_id: requestId,
  };
}

/**
 * Answers an error the way the API does: its status, the error body, `request-id`; 429s a
 * `retry-after`. The SDK retries 408/409/429/5xx (`maxRetries: 2`): build the client with
 * `maxRetries: 0` to see one fault surface as an `APIError`.
 */
export function sendAnthropicError(
  res: ServerResponse,
  error: AnthropicScriptedError,
  headers: Record<string, string>,
): void {
  const extra: Record<string, string> = { ...headers };
  if (error.status === 429) extra['retry-after'] = '1';
  sendJson(res, error.status, anthropicErrorBody(error, headers['request-id'] ?? ''), extra);
}
