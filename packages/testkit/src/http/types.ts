import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request as a testkit server saw it. */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers as Node parsed them (lower-case names). */
  headers: IncomingHttpHeaders;
  /**
   * The parsed JSON body; the raw text when it was not JSON; `undefined` when there was no body
   * or it was not read (auth failure, unsupported content type, injected fault).
   */
  body: unknown;
  /** Status code the server answered with; `undefined` while the response is in flight or if the socket was dropped. */
  status?: number;
  /** When the request arrived. */
  receivedAt: Date;
}
