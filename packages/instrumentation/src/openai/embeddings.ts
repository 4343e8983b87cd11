import { obj, str } from '../shared/safe.js';
import type { Operation } from './operation.js';

/** `embeddings.create`: usage is `prompt_tokens` (input only); the vectors are not captured. */
export const embeddingsCreate: Operation = {
  name: 'embeddings.create',
  info: (params) => ({
    model: str(params.model) ?? 'unknown',
    provider: 'openai',
    operation: 'embeddings',
    name: `embeddings ${str(params.model) ?? 'unknown'}`,
    input: params.input,
  }),
  onBody: (raw, generation) => {
    const body = obj(raw);
    if (!body) return;
    const usage = obj(body.usage);
    if (usage) generation.setUsage({ input: usage.prompt_tokens ?? 0, output: 0 });
    generation.setResponse({ model: str(body.model) });
  },
};
