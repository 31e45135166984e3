export type AlertSeverity = 'critical' | 'warning' | 'info';

/** A condition a rule found true in one monitor run: raised as an alert unless its key is already firing. */
export interface AlertCondition {
  /** `<rule>:<subject>`: what de-duplication, cooldown and resolution go by (`readiness:inventory`). */
  key: string;
  severity: AlertSeverity;
  title: string;
  details: Record<string, unknown>;
}

export interface Alert extends AlertCondition {
  id: string;
  firedAt: string;
  /** When its condition ended (for a recovery: when it was recorded); null while it fires. */
  resolvedAt: string | null;
  /** Runs that found it still firing within the cooldown and did not raise it again. */
  suppressed: number;
  /** For a recovery (info): the alert it ends. */
  resolves?: string;
}

/** EventEmitter2 events, each with the `Alert`: a new or repeated alert, and a recovery (info) after one. */
export const ALERT_EVENTS = { fired: 'alert.fired', resolved: 'alert.resolved' } as const;

/** The rule part of a key (`readiness` of `readiness:inventory`). */
export const ruleOf = (key: string): string => key.split(':', 1)[0] ?? key;
