import fc from 'fast-check';

/**
 * A value that cannot be built as plain data (it would break fast-check's printing or shrinking):
 * generated as this marker and made real by {@link make} when the property runs.
 */
export class Make {
  constructor(readonly kind: (typeof MAKE_KINDS)[number]) {}
  toString(): string {
    return `Make(${this.kind})`;
  }
}
const MAKE_KINDS = [
  'circular',
  'hostile-proxy',
  'revoked-proxy',
  'throwing-toString',
  'throwing-then-getter',
  'symbol',
  'function',
  'null-prototype',
  'bigint',
  'error',
  'error-subclass-null-proto',
] as const;

const fail = (what: string) => () => {
  throw new Error(`hostile ${what}`);
};

/** Turns markers (at any depth of arrays and plain objects) into the values they stand for. */
export function make(value: unknown, depth = 0): unknown {
  if (value instanceof Make) {
    switch (value.kind) {
      case 'circular': {
        const o: Record<string, unknown> = { a: 1, list: [] };
        o.self = o;
        (o.list as unknown[]).push(o);
        return o;
      }
      case 'hostile-proxy':
        return new Proxy(
          {},
          {
            get: fail('get'),
            has: fail('has'),
            ownKeys: fail('ownKeys'),
            getOwnPropertyDescriptor: fail('getOwnPropertyDescriptor'),
            getPrototypeOf: fail('getPrototypeOf'),
          },
        );
      case 'revoked-proxy': {
        const r = Proxy.revocable({}, {});
        r.revoke();
        return r.proxy;
      }
      case 'throwing-toString':
        return { toString: fail('toString'), toJSON: fail('toJSON'), valueOf: fail('valueOf') };
      case 'throwing-then-getter':
        return Object.defineProperty({}, 'then', { get: fail('then getter'), enumerable: true });
      case 'symbol':
        return Symbol('fuzz');
      case 'function':
        return () => 'a function';
      case 'null-prototype':
        return Object.assign(Object.create(null), { model: 'gpt-4o', ticker: 'NVDA' });
      case 'bigint':
        return 10n ** 30n;
      case 'error':
        return new RangeError('app error');
      case 'error-subclass-null-proto': {
        const e = new Error('odd error');
        Object.defineProperty(e, 'message', { get: fail('message getter') });
        return e;
      }
    }
  }
  if (depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => make(v, depth + 1));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, make(v, depth + 1)]));
  }
  return value;
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings with controls, lone surrogates, any code point, and huge ones. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udfffb',
    '\ud83d',
    'line\nbreak',
    'tab\there',
    'quote"back\\slash',
    '__other__',
    'none',
    '\u202e\u200b',
    '\u{1F4A9}',
    '\u0085\u00a0',
  ),
  fc.string({ unit: codeUnit, minLength: 120, maxLength: 300 }),
  fc.integer({ min: 129, max: 20_000 }).map((n) => `${'\u{1F4A9}x'.repeat(n >> 1)}`),
);

/** Names users could pass: a few common ones (so values repeat) and nasty ones. */
export const nameLike = (common: readonly string[]) =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...common) }, { weight: 3, arbitrary: nastyString });

/** Anything at all, including what JSON cannot hold. */
export const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
    withDate: true,
    withObjectString: true,
    maxDepth: 2,
  }),
  nastyString,
  fc.constantFrom(
    Number.NaN,
    -0,
    -1,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e308,
    Number.MAX_VALUE,
  ),
  fc.constantFrom(null, undefined),
  fc.constantFrom(...MAKE_KINDS).map((k) => new Make(k)),
);

const tokenValue = fc.oneof(
  fc.double(),
  fc.integer({ min: -1_000_000, max: 2_000_000_000 }),
  fc.constantFrom(Number.NaN, -1, Number.POSITIVE_INFINITY, 1e308, Number.MAX_VALUE, 2 ** 53 + 2),
  fc.bigInt(),
  nastyString,
  weird,
);
const details = (keys: string[]) =>
  fc.oneof(fc.record(Object.fromEntries(keys.map((k) => [k, tokenValue])), { requiredKeys: [] }), weird);

/** OpenAI-, LangChain-, Anthropic- and our own-shaped usage objects filled with garbage, or garbage. */
export const usage: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      prompt_tokens: tokenValue,
      completion_tokens: tokenValue,
      total_tokens: tokenValue,
      prompt_tokens_details: details(['cached_tokens']),
      completion_tokens_details: details(['reasoning_tokens']),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      input_tokens: tokenValue,
      output_tokens: tokenValue,
      total_tokens: tokenValue,
      input_token_details: details(['cache_read', 'cache_creation']),
      output_token_details: details(['reasoning']),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      input_tokens: tokenValue,
      output_tokens: tokenValue,
      cache_read_input_tokens: tokenValue,
      cache_creation_input_tokens: tokenValue,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      input: tokenValue,
      output: tokenValue,
      cacheRead: tokenValue,
      reasoning: tokenValue,
      cacheWrite: tokenValue,
    },
    { requiredKeys: [] },
  ),
  weird,
);

export const TICKERS = ['NVDA', 'AAPL', 'MSFT'];
export const MODELS = ['gpt-4o-mini', 'o4-mini', 'claude-sonnet-4'];
export const AGENTS = ['market_analyst', 'news_analyst', 'trader'];
export const TOOLS = ['get_news', 'get_price_history'];

export const analysisInfo: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        ticker: nameLike(TICKERS),
        tradeDate: weird,
        sessionId: fc.oneof(nastyString, weird),
        userId: fc.oneof(nastyString, weird),
        tags: fc.oneof(fc.array(weird, { maxLength: 3 }), weird),
        name: fc.oneof(nastyString, weird),
        metadata: fc.oneof(fc.dictionary(nastyString, weird, { maxKeys: 3 }), weird),
      },
      { requiredKeys: ['ticker'] },
    ),
  },
  { weight: 1, arbitrary: weird },
);

export const generationInfo: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        model: fc.oneof(nameLike(MODELS), weird),
        provider: fc.oneof(fc.constantFrom('openai', 'anthropic'), nastyString, weird),
        operation: fc.oneof(fc.constantFrom('chat', 'embeddings'), nastyString, weird),
        name: fc.oneof(nastyString, weird),
        input: weird,
        modelParameters: fc.oneof(fc.dictionary(nastyString, weird, { maxKeys: 3 }), weird),
        agentName: fc.oneof(nameLike(AGENTS), weird),
      },
      { requiredKeys: ['model'] },
    ),
  },
  { weight: 1, arbitrary: weird },
);
