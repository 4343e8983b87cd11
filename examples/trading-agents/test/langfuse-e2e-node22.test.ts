import { describe, expect, it } from 'vitest';
import { startDemo } from './support/demo-process.js';
import { describeProviderAgreement } from './support/provider-agreement.js';

// `ai` 7 and `@openai/agents` (with `openai` 7) need Node >= 22: scripts/test-node22.sh runs this
// file on Node 22, where the /metrics == Langfuse agreement is checked. On older Node the demo
// refuses these providers with a usage error, checked here.
const major = Number(process.versions.node.split('.')[0]);

if (major >= 22) {
  describeProviderAgreement('ai-sdk', 'gpt-4o-mini');
  describeProviderAgreement('openai-agents', 'gpt-4o-mini');
} else {
  describe(`demo --provider ai-sdk / openai-agents on Node ${process.versions.node}`, () => {
    it.each(['ai-sdk', 'openai-agents'])(
      '--provider %s fails fast with exit code 2 and says why',
      async (provider) => {
        const demo = startDemo(['--provider', provider, '--once']);
        expect(await demo.exited).toBe(2);
        expect(demo.stderr()).toContain(`--provider ${provider} needs Node >= 22`);
        expect(demo.stdout()).toBe('');
      },
    );
  });
}
