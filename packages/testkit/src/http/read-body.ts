import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/** Raised for a body the server refuses; carries the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Options for {@link readBody}. */
export interface ReadBodyOptions {
  /** Largest accepted body, after decompression. */
  limitBytes: number;
}

/**
 * Reads a whole request body and undoes `content-encoding: gzip | deflate`.
 * Throws {@link BodyError} (413 too large, 415 unknown encoding, 400 corrupt data).
 */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > options.limitBytes)
      throw new BodyError(413, `request body exceeds ${options.limitBytes} bytes`);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let body: Buffer;
  try {
    if (encoding === 'identity' || encoding === '') body = raw;
    else if (encoding === 'gzip' || encoding === 'x-gzip') body = gunzipSync(raw);
    else if (encoding === 'deflate') body = inflateSync(raw);
    else throw new BodyError(415, `unsupported content-encoding: ${encoding}`);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, `corrupt ${encoding} body: ${(error as Error).message}`);
  }
  if (body.length > options.limitBytes)
    throw new BodyError(413, `request body exceeds ${options.limitBytes} bytes`);
  return body;
}
