import { LlmFaults } from './llm-faults.js';

const fault = (kind: '500' | '429' | 'slow' | 'malformed-tool-args' | 'wrong-price', times: number | null = 1) => ({
  kind,
  times,
  delayMs: 20_000,
});

describe(LlmFaults.name, () => {
  describe('takeTransport', () => {
    it('should give the faults in order and use counted ones up', () => {
      const faults = new LlmFaults([fault('500', 2), fault('429')]);
      expect([1, 2, 3, 4].map(() => faults.takeTransport()?.kind)).toEqual(['500', '500', '429', undefined]);
      expect(faults.list()).toEqual([]);
    });

    it('should keep a fault without a count until cleared', () => {
      const faults = new LlmFaults([fault('slow', null)]);
      expect([1, 2, 3].map(() => faults.takeTransport()?.kind)).toEqual(['slow', 'slow', 'slow']);
      faults.clear();
      expect(faults.takeTransport()).toBeUndefined();
    });
  });

  describe('pendingContent', () => {
    it('should hold back the faults behind a content fault until an answer uses it', () => {
      const faults = new LlmFaults([fault('wrong-price'), fault('500')]);
      expect(faults.takeTransport()).toBeUndefined();
      expect(faults.pendingContent()).toBe('wrong-price');
      faults.used('malformed-tool-args');
      expect(faults.pendingContent()).toBe('wrong-price');
      faults.used('wrong-price');
      expect(faults.pendingContent()).toBeUndefined();
      expect(faults.takeTransport()?.kind).toBe('500');
    });
  });

  it('should add at the end and list copies', () => {
    const faults = new LlmFaults();
    faults.add(fault('429', 2));
    const listed = faults.add(fault('malformed-tool-args', null));
    listed[0].times = 99;
    expect(faults.list()).toEqual([fault('429', 2), fault('malformed-tool-args', null)]);
  });
});
