/** What the LLM engine did, counted in process (Step 10's metrics read these). */
export interface LlmCallStats {
  calls: Record<
    string,
    { ok: number; error: number; latencyMsTotal: number; inputTokens: number; outputTokens: number }
  >;
  grounding: { corrected: number; replaced: number };
  /** Turns answered by the rule-based assistant because every provider failed. */
  fallbacks: number;
}

export class LlmCallRecorder {
  private readonly stats: LlmCallStats = { calls: {}, grounding: { corrected: 0, replaced: 0 }, fallbacks: 0 };

  call(provider: string, outcome: 'ok' | 'error', latencyMs: number, inputTokens: number, outputTokens: number): void {
    const calls = (this.stats.calls[provider] ??= {
      ok: 0,
      error: 0,
      latencyMsTotal: 0,
      inputTokens: 0,
      outputTokens: 0,
    });
    calls[outcome] += 1;
    calls.latencyMsTotal += latencyMs;
    calls.inputTokens += inputTokens;
    calls.outputTokens += outputTokens;
  }

  grounding(event: 'corrected' | 'replaced'): void {
    this.stats.grounding[event] += 1;
  }

  fallback(): void {
    this.stats.fallbacks += 1;
  }

  snapshot(): LlmCallStats {
    return structuredClone(this.stats);
  }
}
