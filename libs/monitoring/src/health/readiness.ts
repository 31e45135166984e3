/** One part of the readiness check, as `/health/ready` and the monitor see it. */
export interface ReadinessPart {
  status: 'up' | 'down';
  /** A required part down takes the instance out of rotation (503); an optional one makes it `degraded` (200). */
  required: boolean;
  /** What the indicator says beyond its status (latency, adapter, breaker state, the error…). */
  [detail: string]: unknown;
}

export interface ReadinessReport {
  /** `ok`: every part up; `degraded`: an optional part down; `down`: a required part down. */
  status: 'ok' | 'degraded' | 'down';
  parts: Record<string, ReadinessPart>;
}

/**
 * The readiness check as a service (the api composes it from each lib's indicator): the
 * monitor runs it in the background, `/health/ready` answers with it.
 */
export abstract class ReadinessProbe {
  abstract check(): Promise<ReadinessReport>;
}
