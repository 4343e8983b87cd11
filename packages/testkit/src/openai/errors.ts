import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/response.js';
import type { ScriptedError } from './types.js';

interface ErrorDefaults {
  message: string;
  type: string;
  code: string | null;
}

// Bodies modelled on what api.openai.com answers for each status.
function defaultsFor(status: number): ErrorDefaults {
  switch (status) {
    case 400:
      return { message: 'Invalid request.', type: 'invalid_request_error', code: null };
    case 401:
      return {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'You are not allowed to access this resource.',
        type: 'invalid_request_error',
        code: null,
      };
    case 404:
      return { message: 'The requested resource does not exist.', type: 'invalid_request_error', code: null };
    case 429:
      return {
        message: 'Rate limit reached for requests. Please try again later.',
        type: 'requests',
        code: 'rate_limit_exceeded',
      };
    case 500:
      return {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        code: null,
      };
    case 503:
      return {
        message: 'The engine is currently overloaded, please try again later.',
        type: 'server_error',
        code: null,
      };
    default:
      return status >= 500
        ? { message: `Upstream error (status ${status}).`, type: 'server_error', code: null }
        : { message: `Request failed (status ${status}).`, type: 'invalid_request_error', code: null };
  }
}

/**
 * Answers an OpenAI-shaped error `{ error: { message, type, param, code } }`, with
 * `retry-after` / `retry-after-ms` when `retryAfterSeconds` is set.
 */
export function sendOpenAIError(
  res: ServerResponse,
  error: ScriptedError,
  headers: Record<string, string>,
): void {
  const defaults = defaultsFor(error.status);
  const extra: Record<string, string> = { ...headers };
  if (error.retryAfterSeconds !== undefined) {
    extra['retry-after'] = String(error.retryAfterSeconds);
    extra['retry-after-ms'] = String(Math.round(error.retryAfterSeconds * 1000));
  }
  sendJson(
    res,
    error.status,
    {
      error: {
        message: error.message ?? defaults.message,
        type: error.type ?? defaults.type,
        param: null,
        code: error.code === undefined ? defaults.code : error.code,
      },
    },
    extra,
  );
}
