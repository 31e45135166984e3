import { ConfigError, loadSettings, type Settings } from '@mostrador/config';
import { type AppLogger, createAppLogger } from '@mostrador/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { installGracefulShutdown } from './graceful-shutdown.js';

export interface HttpAppEntry {
  name: string;
  create(settings: Settings, logger: AppLogger): Promise<NestFastifyApplication>;
  address(settings: Settings): { host: string; port: number };
}

function loadSettingsOrExit(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    // The logger's own settings may be among the bad ones: stderr is all there is.
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/**
 * An app's `main`: settings (or a clear exit 1), the logger from the first line, the app,
 * graceful shutdown, listen. A start that fails is logged and exits 1.
 */
export function runHttpApp(entry: HttpAppEntry): void {
  const settings = loadSettingsOrExit();
  const logger = createAppLogger(settings);
  const exit = (code: number) => void logger.flush().finally(() => process.exit(code));

  const start = async () => {
    if (settings.developmentDefaults.length > 0) {
      logger.warn(
        `Using development values for ${settings.developmentDefaults.join(', ')} (see .env.example); never in production.`,
        'Bootstrap',
      );
    }
    const app = await entry.create(settings, logger);
    installGracefulShutdown(app, logger, { timeoutMs: settings.app.shutdownTimeoutMs, exit });
    await app.listen(entry.address(settings));
    logger.log(`${entry.name} listening on ${await app.getUrl()}`, 'Bootstrap');
  };
  start().catch((error: unknown) => {
    logger.error({ message: `${entry.name} failed to start`, err: error }, undefined, 'Bootstrap');
    exit(1);
  });
}
