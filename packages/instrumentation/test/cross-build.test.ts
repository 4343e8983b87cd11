import { createRequire } from 'node:module';
import { trackLlmCall } from '@tradingagents/telemetry';
import OpenAI, * as openaiModule from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/setup.js';

// What `node --import @tradingagents/telemetry/register` sets up: the app imports the ESM build of
// the core, while the core loads the CJS build of this package, which requires the CJS core.
const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof import('../src/index.js');

describe('the CJS build of this package under the ESM build of the core', () => {
  let h: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    h = await startHarness();
    const instrumentation = new cjs.OpenAIInstrumentation();
    // Replaces the ESM build's wrapper (ours, so unwrapped first rather than stacked).
    instrumentation.manuallyInstrument({ openai: openaiModule });
    client = new OpenAI({ apiKey: 'test', baseURL: h.openai.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('records a plain SDK call once', async () => {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const { observations } = await h.collect();
    expect(observations.filter((o) => o.type === 'generation')).toHaveLength(1);
  });

  it('sees the ESM core’s trackLlmCall and does not record the call inside it twice', async () => {
    const before = (await h.collect()).observations.length;
    await trackLlmCall({ model: 'gpt-4o-mini' }, () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const { observations } = await h.collect();
    expect(observations.slice(before).filter((o) => o.type === 'generation')).toHaveLength(1);
  });
});
