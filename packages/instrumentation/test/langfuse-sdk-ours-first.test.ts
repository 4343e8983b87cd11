import { describe } from 'vitest';
import { describeBesideLangfuseSdk } from './support/langfuse-sdk-checks.js';

describe('beside Langfuse’s own SDK, ours started first', () => {
  describeBesideLangfuseSdk('ours-first');
});
