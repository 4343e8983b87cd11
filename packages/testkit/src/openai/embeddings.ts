import { hashEmbedding } from './default-responder.js';
import type { EmbeddingInput } from './extract.js';

/** Encodes a vector the way the API does for `encoding_format: 'base64'`: little-endian float32. */
export function toBase64Float32(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => {
    buffer.writeFloatLE(value, i * 4);
  });
  return buffer.toString('base64');
}

/** Arguments of {@link embeddingsBody}. */
export interface EmbeddingsRequest {
  model: string;
  inputs: EmbeddingInput[];
  dimensions: number;
  base64: boolean;
  /** Vectors chosen by a responder; hash-based ones otherwise. */
  vectors?: number[][];
  /** Overrides `usage.prompt_tokens`. */
  promptTokens?: number;
}

/** The `/v1/embeddings` list body. */
export function embeddingsBody(request: EmbeddingsRequest): Record<string, unknown> {
  const data = request.inputs.map((input, index) => {
    const vector = request.vectors?.[index] ?? hashEmbedding(input.text, request.dimensions);
    return { object: 'embedding', index, embedding: request.base64 ? toBase64Float32(vector) : vector };
  });
  const tokens = request.promptTokens ?? request.inputs.reduce((sum, input) => sum + input.tokens, 0);
  return {
    object: 'list',
    data,
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
