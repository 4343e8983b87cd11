import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { type RunEntry, RunRegistry } from '../src/langchain/run-registry.js';

const entry = (owner: string): RunEntry => ({ owner, ctx: ROOT_CONTEXT, task: undefined });

describe('RunRegistry', () => {
  it('resolves an alias to its ancestor, and ending the alias ends nothing', () => {
    const runs = new RunRegistry();
    const agent = entry('agent');
    runs.set(agent);
    runs.alias('inner', agent);
    runs.alias('inner-inner', runs.get('inner') as RunEntry);
    expect(runs.get('inner-inner')).toBe(agent);
    expect(runs.take('inner-inner')).toBeUndefined();
    expect(runs.take('inner')).toBeUndefined();
    expect(runs.get('agent')).toBe(agent);
    expect(runs.take('agent')).toBe(agent);
    expect(runs.size).toBe(0);
  });

  it('drops the oldest runs past its bound', () => {
    const runs = new RunRegistry(2);
    for (const id of ['a', 'b', 'c']) runs.set(entry(id));
    expect(runs.size).toBe(2);
    expect(runs.get('a')).toBeUndefined();
    expect(runs.take(42)).toBeUndefined();
  });
});
