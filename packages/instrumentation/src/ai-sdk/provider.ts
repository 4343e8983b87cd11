/**
 * `gen_ai.provider.name` for an AI SDK model's `provider` (`openai.responses`, `openai.chat`,
 * `anthropic.messages`, `google.generative-ai`, `google.vertex.chat`, `azure.responses`, ...): the
 * part before the first dot, in the names the core and the other instrumentations use.
 */
const PROVIDERS: Readonly<Record<string, string>> = {
  google: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  'amazon-bedrock': 'aws.bedrock',
  bedrock: 'aws.bedrock',
};

export function providerOf(provider: unknown): string | undefined {
  if (typeof provider !== 'string' || provider === '') return undefined;
  if (provider.startsWith('google.vertex')) return 'gcp.vertex_ai';
  const [head = provider] = provider.split('.');
  return PROVIDERS[head] ?? head;
}
