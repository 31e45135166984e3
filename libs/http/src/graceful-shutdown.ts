import type { AppLogger } from '@mostrador/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface GracefulShutdownOptions {
  timeoutMs: number;
  /** Ends the process; tests replace it to observe the exit code. */
  exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, then close
 * every module's resources (Nest's shutdown hooks) and exit 0. Nest's own order would run
 * the modules' destroy hooks before the server stops, under requests still running, so the
 * HTTP server is closed first here. If that takes longer than `timeoutMs`, exit 1.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  logger: AppLogger,
  options: GracefulShutdownOptions,
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.logEvent('info', `${signal} received: draining`, { event: 'shutdown', context: 'Shutdown', signal });
    const deadline = setTimeout(() => {
      logger.logEvent('error', `shutdown took longer than ${options.timeoutMs} ms: exiting`, {
        event: 'shutdown',
        context: 'Shutdown',
        outcome: 'timeout',
      });
      exit(1);
    }, options.timeoutMs);
    deadline.unref();
    // A keep-alive connection that was busy when the server stopped accepting stays open
    // after its response; close such connections as they fall idle.
    const server = app.getHttpServer();
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    reaper.unref();
    try {
      await app.getHttpAdapter().getInstance().close();
      clearInterval(reaper);
      await app.close();
      logger.logEvent('info', 'shutdown complete', { event: 'shutdown', context: 'Shutdown', outcome: 'ok' });
      clearTimeout(deadline);
      exit(0);
    } catch (error) {
      logger.error({ message: 'shutdown failed', err: error }, undefined, 'Shutdown');
      clearTimeout(deadline);
      exit(1);
    }
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (s: NodeJS.Signals) => void stop(s));
  }
}
