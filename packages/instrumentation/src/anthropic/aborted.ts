/**
 * Recorded on the generation of a stream that was aborted before `message_stop` (`stream.abort()`,
 * `controller.abort()`, the request's `signal`). The SDK's stream then ends quietly, and only its
 * `MessageStream` throws, as an `APIUserAbortError`: this error has that name, so the generation's
 * `error.type` is the one the app sees. It is never thrown to the app.
 */
export class APIUserAbortError extends Error {
  constructor() {
    super('Request was aborted.');
    this.name = 'APIUserAbortError';
  }
}
