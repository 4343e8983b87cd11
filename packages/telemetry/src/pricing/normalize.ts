/** Model-name normalisation: the canonical form our own price table is keyed by. */
// Bedrock cross-region inference profiles and vendor prefixes: `us.anthropic.`, `anthropic.`, …
const BEDROCK_PREFIX =
  /^(?:(?:us|eu|apac|ap|jp|au|ca|global|us-gov)\.)?(?:anthropic|openai|google|amazon|meta|mistral|cohere)\./;
const BEDROCK_VERSION = /-v\d+:\d+$/; // `-v1:0`, `-v2:0`
const CLAUDE_VERSION = /^(claude-.*)-v\d+$/; // Bedrock `-v1`, Vertex `-v2`: only Claude, `deepseek-v3` is a name
const VERTEX_VERSION = /@[\w.-]*$/; // `@20250514`, `@001`, `@latest`
const BRACKET_SUFFIX = /\[[^\]]*\]$/; // Claude Code `[1m]`
const ISO_DATE = /-\d{4}-\d{2}-\d{2}$/; // OpenAI `-2024-08-06`
const COMPACT_DATE = /-20\d{6}$/; // Anthropic `-20250514`
const MONTH_DAY = /-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/; // OpenAI legacy `-0613`
const PREVIEW_DATE = /-preview-\d{2}-\d{2}$/; // Gemini `-preview-05-20`
const GEMINI_REVISION = /^(gemini-\d[\w.-]*?)-\d{3}$/; // Gemini `gemini-2.0-flash-001`
const CLAUDE_DOTTED = /(\d)\.(\d)/g; // OpenRouter `claude-3.5-sonnet`, `claude-sonnet-4.5`

/**
 * Canonical form of a model name, the form the price table is keyed by: lowercase, without
 * provider/path prefixes (`openai/`, `anthropic/`, `models/`, `google/`, Vertex resource paths,
 * Bedrock `us.anthropic.`), without snapshot suffixes (`-2024-08-06`, `-20250514`, `@20250514`,
 * `-v1:0`, `-0613`, `-001`, `-latest`, `-preview-05-20` → `-preview`) and with Claude's dotted
 * versions dashed (`claude-3.5-sonnet` → `claude-3-5-sonnet`). Pure; never throws.
 *
 * @example normalizeModelName('us.anthropic.claude-sonnet-4-20250514-v1:0') // 'claude-sonnet-4'
 */
export function normalizeModelName(model: string): string {
  if (typeof model !== 'string') return '';
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(BEDROCK_PREFIX, '');
  name = name.replace(BRACKET_SUFFIX, '').replace(VERTEX_VERSION, '').replace(BEDROCK_VERSION, '');
  name = name.replace(CLAUDE_VERSION, '$1');
  if (name.endsWith('-latest')) name = name.slice(0, -'-latest'.length);
  name = name.replace(ISO_DATE, '').replace(COMPACT_DATE, '').replace(MONTH_DAY, '');
  name = name.replace(PREVIEW_DATE, '-preview').replace(GEMINI_REVISION, '$1');
  if (name.startsWith('claude-')) name = name.replace(CLAUDE_DOTTED, '$1-$2');
  return name;
}

/** Lowercase without provider prefix, but with every version suffix kept. */
export function stripProvider(model: string): string {
  const name = model.trim().toLowerCase();
  return name.slice(name.lastIndexOf('/') + 1).replace(BEDROCK_PREFIX, '');
}
