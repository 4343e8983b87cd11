type Json = Record<string, unknown>;

const asList = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];

/** The text of a `parts` array (its `text` parts joined). */
export function textOfParts(parts: unknown): string {
  return asList(parts)
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .join('');
}

/** All the text of a request's `contents`, for the prompt's token estimate. */
export function promptTextOf(contents: unknown): string {
  return asList(contents)
    .map((c) => {
      const parts = asList(c.parts);
      return parts.map((p) => (typeof p.text === 'string' ? p.text : JSON.stringify(p))).join('');
    })
    .join('\n');
}

/** The last user text of `contents`, and whether the last turn answers a function call. */
export function lastTurnOf(contents: unknown): { userText: string; isFunctionResponse: boolean } {
  const turns = asList(contents);
  const last = turns.at(-1);
  const isFunctionResponse = asList(last?.parts).some((p) => p.functionResponse !== undefined);
  const user = [...turns]
    .reverse()
    .find((t) => (t.role === undefined || t.role === 'user') && textOfParts(t.parts) !== '');
  return { userText: textOfParts(user?.parts), isFunctionResponse };
}

/** Names of the `functionDeclarations` of a request's `tools`. */
export function functionNamesOf(tools: unknown): string[] {
  return asList(tools).flatMap((tool) =>
    asList(tool.functionDeclarations).flatMap((d) => (typeof d.name === 'string' ? [d.name] : [])),
  );
}
