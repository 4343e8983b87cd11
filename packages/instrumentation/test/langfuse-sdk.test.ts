import { describe } from 'vitest';
import { describeBesideLangfuseSdk } from './support/langfuse-sdk-checks.js';

describe('beside Langfuse’s own SDK, started first', () => {
  describeBesideLangfuseSdk('langfuse-first');
});
