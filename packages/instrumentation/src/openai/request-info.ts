import { num } from '../shared/safe.js';

/** Request parameters recorded on the generation (`temperature`, `max_tokens`, `top_p`). */
export function modelParametersOf(
  params: Record<string, unknown>,
): Readonly<Record<string, string | number | boolean>> | undefined {
  const out: Record<string, string | number | boolean> = {};
  const temperature = num(params.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const maxTokens =
    num(params.max_completion_tokens) ?? num(params.max_tokens) ?? num(params.max_output_tokens);
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  const topP = num(params.top_p);
  if (topP !== undefined) out.top_p = topP;
  if (params.stream === true) out.stream = true;
  return Object.keys(out).length > 0 ? out : undefined;
}
