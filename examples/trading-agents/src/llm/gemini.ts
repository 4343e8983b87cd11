import type { GeminiRequest, GeminiResponder, GeminiScriptedReply } from '@tradingagents/testkit';
import { answerConversation, parseToolResult, type RoleResponderOptions } from './responder.js';

type Part = {
  text?: string;
  functionCall?: { name?: string };
  functionResponse?: { name?: string; response?: Record<string, unknown> };
};
type Content = { role?: string; parts?: Part[] };

const textOfParts = (parts: readonly Part[] | undefined): string =>
  (parts ?? []).map((p) => p.text ?? '').join('');

/** A function response's payload: `{ result }` (LangChain's shape), `{ output }`, or the object itself. */
function resultOf(part: Part): Record<string, unknown> | undefined {
  const response = part.functionResponse?.response;
  if (response === undefined) return undefined;
  const inner = response.result ?? response.output ?? response.content;
  if (typeof inner === 'string') return parseToolResult(inner);
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : response;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The role stand-in behind the embedded Gemini API (`generateContent`, streamed or not). */
export function createGeminiRoleResponder(options: RoleResponderOptions): GeminiResponder {
  return async (request: GeminiRequest): Promise<GeminiScriptedReply | undefined> => {
    if (request.method === 'embedContent' || request.method === 'batchEmbedContents') return undefined;
    const contents = (request.body.contents ?? []) as Content[];
    const system = textOfParts((request.body.systemInstruction as Content | undefined)?.parts);
    const toolResults = contents
      .flatMap((c) => c.parts ?? [])
      .map(resultOf)
      .filter((r) => r !== undefined);
    const answer = answerConversation(
      {
        system,
        texts: [system, ...contents.map((c) => textOfParts(c.parts))],
        toolResults,
        lastIsToolResult: request.lastTurnIsFunctionResponse,
        hasTools: request.functionNames.length > 0,
      },
      options,
    );
    await sleep(answer.latencyMs);
    if ('error' in answer) return { error: { code: answer.error.status, message: answer.error.message } };
    if ('toolCalls' in answer) {
      return { text: '', functionCalls: answer.toolCalls.map((c) => ({ name: c.name, args: c.arguments })) };
    }
    return answer.content === undefined ? undefined : { text: answer.content };
  };
}
