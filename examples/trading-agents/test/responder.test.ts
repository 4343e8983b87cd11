import type { ResponderRequest } from '@tradingagents/testkit';
import { describe, expect, it } from 'vitest';
import { systemPrompt } from '../src/agents/prompts.js';
import { ROLE_IDS, roleOfPrompt } from '../src/agents/roles.js';
import { createRoleResponder } from '../src/llm/openai.js';

const responder = createRoleResponder({ latencyMs: 100, failingUsers: new Set(['doomed']) });

function request(messages: unknown[], extra: Partial<ResponderRequest> = {}): ResponderRequest {
  return {
    endpoint: 'chat',
    model: 'gpt-4o-mini',
    messages,
    tools: [],
    lastUserMessage: '',
    lastMessageIsToolResult: false,
    index: 0,
    body: {},
    ...extra,
  };
}

describe('role-aware responder', () => {
  it('recognises every role from its system prompt', () => {
    for (const role of ROLE_IDS) expect(roleOfPrompt(systemPrompt(role))).toBe(role);
    expect(roleOfPrompt('You are a helpful assistant.')).toBeUndefined();
  });

  it('makes an analyst call its tools first, then report from the results', async () => {
    const system = { role: 'system', content: systemPrompt('market_analyst') };
    const user = { role: 'user', content: 'Ticker: NVDA\nTrade date: 2024-11-15\nWrite your report.' };
    const first = await responder(request([system, user], { tools: [{}] }));
    expect(first?.toolCalls?.map((c) => c.name)).toEqual(['get_price_history', 'get_indicators']);
    expect(first?.toolCalls?.[1].arguments).toEqual({ ticker: 'NVDA', date: '2024-11-15' });

    const tool = {
      role: 'tool',
      content: JSON.stringify({
        close: 110,
        sma20: 100,
        sma50: 90,
        rsi14: 60,
        macdHistogram: 1,
        volatility20d: 0.3,
      }),
    };
    const second = await responder(
      request([system, user, { role: 'assistant' }, tool], { lastMessageIsToolResult: true }),
    );
    expect(second?.content).toContain('Overall stance: BULLISH');
    expect(second?.content).toMatch(/Signal score: \+0\.70$/);
  });

  it('makes the managers decide from the analysts’ signal scores', async () => {
    const reports = 'Ticker: AAPL\nTrade date: 2024-11-15\nSignal score: -0.40\nSignal score: -0.20';
    const manager = await responder(
      request([
        { role: 'system', content: systemPrompt('research_manager') },
        { role: 'user', content: reports },
      ]),
    );
    expect(manager?.content).toMatch(/^Recommendation: SELL/);
    const pm = await responder(
      request([
        { role: 'system', content: systemPrompt('portfolio_manager') },
        { role: 'user', content: `${reports}\nFINAL TRANSACTION PROPOSAL: **SELL**` },
      ]),
    );
    expect(pm?.content).toContain('FINAL TRANSACTION PROPOSAL: **SELL**');
    expect(pm?.content).toContain('Confidence: 0.80');
  });

  it('answers 500 for an analysis chosen to fail, with a latency around the mean', async () => {
    const reply = await responder(request([{ role: 'user', content: 'x' }], { body: { user: 'doomed' } }));
    expect(reply?.error?.status).toBe(500);
    expect(reply?.latencyMs).toBeGreaterThanOrEqual(50);
    expect(reply?.latencyMs).toBeLessThanOrEqual(150);
  });

  it('leaves unknown prompts to the default reply', async () => {
    const reply = await responder(request([{ role: 'user', content: 'hello' }]));
    expect(reply?.content).toBeUndefined();
  });
});
