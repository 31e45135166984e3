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

/** When a provider last answered and last failed (ISO times), for the readiness check. */
export interface LlmProviderActivity {
  lastSuccessAt?: string;
  lastErrorAt?: string;
}

export class LlmCallRecorder {
  private readonly stats: LlmCallStats = { calls: {}, grounding: { corrected: 0, replaced: 0 }, fallbacks: 0 };
  private readonly activity = new Map<string, LlmProviderActivity>();

  call(provider: string, outcome: 'ok' | 'error', latencyMs: number, inputTokens: number, outputTokens: number): void {
    const activity = this.activity.get(provider) ?? {};
    activity[outcome === 'ok' ? 'lastSuccessAt' : 'lastErrorAt'] = new Date().toISOString();
    this.activity.set(provider, activity);
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

  /** Nothing yet for a provider not called since the process started. */
  activityOf(provider: string): LlmProviderActivity {
    return { ...this.activity.get(provider) };
  }

  snapshot(): LlmCallStats {
    return structuredClone(this.stats);
  }
}
