import { ConfigError, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('sandbox settings', () => {
  describe('SANDBOX_LLM_FAULTS', () => {
    it('should default to no faults', () => {
      expect(parseSettings({}).sandbox.llmFaults).toEqual([]);
    });

    it('should read faults in order, each with its count or until cleared', () => {
      expect(
        parseSettings({ SANDBOX_LLM_FAULTS: '500*2, 429,slow*1,malformed-tool-args,wrong-price*3' }).sandbox.llmFaults,
      ).toEqual([
        { kind: '500', times: 2, delayMs: 20_000 },
        { kind: '429', times: null, delayMs: 20_000 },
        { kind: 'slow', times: 1, delayMs: 20_000 },
        { kind: 'malformed-tool-args', times: null, delayMs: 20_000 },
        { kind: 'wrong-price', times: 3, delayMs: 20_000 },
      ]);
    });

    it.each(['503', 'slow*0', 'slow*x', '500,,429', 'SLOW'])('should refuse %s', (value) => {
      expect(problemsOf({ SANDBOX_LLM_FAULTS: value })).toEqual([expect.stringMatching(/^SANDBOX_LLM_FAULTS must/)]);
    });
  });
});
