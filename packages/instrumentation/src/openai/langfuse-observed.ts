/** Where `@langfuse/openai` lives once installed (npm, pnpm's `.pnpm/@langfuse+openai@…`, Yarn). */
const LANGFUSE_OPENAI = /@langfuse[\\/+]openai/;

/** How many calling frames to look at: `observeOpenAI`'s wrapper calls the SDK method directly. */
const FRAMES = 3;

type CallSites = { getFileName(): string | null | undefined }[];

/**
 * True when the SDK method `fn` is being called by `observeOpenAI` (`@langfuse/openai`), which
 * already records the call as a Langfuse generation. Its wrapper puts nothing in the OTel context,
 * so the caller's frames are the only sign: read as V8 call sites (no formatting, no source-map
 * lookups), a few frames deep, and only for calls no higher layer recorded. A bundled `@langfuse/openai`
 * has no recognisable file name and is not detected.
 */
export function isCalledByObserveOpenAI(fn: (...args: never[]) => unknown): boolean {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = FRAMES;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, fn);
    const sites = holder.stack as CallSites | undefined;
    if (!Array.isArray(sites)) return false;
    for (const site of sites) {
      const file = site.getFileName?.();
      if (typeof file === 'string' && LANGFUSE_OPENAI.test(file)) return true;
    }
    return false;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
