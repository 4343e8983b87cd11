/** `1.2.3` (pre-release and build ignored) → numbers, or `undefined` when not a version. */
function parse(version: string): number[] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Whether `version` satisfies a range of space-separated `>=`, `>`, `<`, `<=` comparators. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  if (v === undefined) return false;
  for (const comparator of range.trim().split(/\s+/)) {
    const match = /^(>=|<=|>|<|=)?(.+)$/.exec(comparator);
    const bound = match ? parse(match[2] as string) : undefined;
    if (!match || bound === undefined) return false;
    const c = compare(v, bound);
    const op = match[1] ?? '=';
    const ok =
      op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : c === 0;
    if (!ok) return false;
  }
  return true;
}
