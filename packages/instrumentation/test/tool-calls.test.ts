import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ToolCallLedger } from '../src/langchain/tool-calls.js';

const message = (calls: { id: string; name: string; args: unknown }[]) => ({ tool_calls: calls });

describe('the tool-call ledger', () => {
  it('names a tool by the call id the model gave, once', () => {
    const ledger = new ToolCallLedger();
    ledger.recordFrom(
      message([{ id: 'call_1', name: 'get_stock_price', args: { t: 'NVDA' } }]),
      ROOT_CONTEXT,
    );
    expect(ledger.take('call_1')?.name).toBe('get_stock_price');
    expect(ledger.take('call_1')).toBeUndefined();
  });

  it('matches by the serialised arguments where the core passes no call id (0.3.x), oldest first', () => {
    const ledger = new ToolCallLedger();
    ledger.recordFrom(
      message([
        { id: 'a', name: 'get_stock_price', args: { t: 'NVDA' } },
        { id: 'b', name: 'get_news', args: { t: 'AMD' } },
        { id: 'c', name: 'get_stock_price', args: { t: 'AMD' } },
      ]),
      ROOT_CONTEXT,
    );
    // What LangChain 0.3 passes as the tool input: JSON.stringify of the arguments.
    expect(ledger.takeByInput(JSON.stringify({ t: 'AMD' }))?.name).toBe('get_news');
    expect(ledger.takeByInput(JSON.stringify({ t: 'AMD' }))?.name).toBe('get_stock_price');
    expect(ledger.takeByInput(JSON.stringify({ t: 'TSLA' }))).toBeUndefined();
    expect(ledger.size).toBe(1);
  });

  it('stays bounded when calls never run', () => {
    const ledger = new ToolCallLedger(3);
    for (let i = 0; i < 10; i++)
      ledger.recordFrom(message([{ id: `c${i}`, name: 't', args: {} }]), ROOT_CONTEXT);
    expect(ledger.size).toBe(3);
    expect(ledger.take('c0')).toBeUndefined();
    expect(ledger.take('c9')?.name).toBe('t');
  });
});
