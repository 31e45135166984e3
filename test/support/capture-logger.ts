import { PassThrough } from 'node:stream';
import { parseSettings, type Settings } from '@mostrador/config';
import { type AppLogger, createAppLogger } from '@mostrador/logging';

export interface CapturedLogger {
  logger: AppLogger;
  /** Every JSON line written so far. */
  lines(): Record<string, unknown>[];
}

/** A real AppLogger (masking and all) writing JSON lines to memory instead of stdout. */
export function captureLogger(settings: Settings = testSettings()): CapturedLogger {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createAppLogger(settings, { consoleStream: stream });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/**
 * Settings as the suites use them: test mode, JSON logs, free ports, plus `env`. Turns and
 * the sweeper wait an hour unless a suite says otherwise: suites about the webhook or the
 * store must not have replies going out behind their backs (suites about turns set
 * TURN_COALESCE_MS and SWEEPER_INTERVAL_MS).
 */
export function testSettings(env: Record<string, string> = {}): Settings {
  return parseSettings({
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    PORT: '0',
    SANDBOX_PORT: '0',
    TURN_COALESCE_MS: '3600000',
    TURN_MAX_WAIT_MS: '3600000',
    SWEEPER_INTERVAL_MS: '3600000',
    // An api built in a suite shares the Jest worker's memory (gigabytes after many suites):
    // its readiness would read that as its own. Suites about memory set their own limit.
    MEMORY_LIMIT_MB: '1048576',
    // Like the sweeper: no background checks unless a suite asks for them.
    MONITOR_INTERVAL_MS: '3600000',
    ...env,
  });
}
