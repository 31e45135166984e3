import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@mostrador/config';
import { utilities } from 'nest-winston/dist/winston.utilities.js'; // see app-logger.ts
import winston from 'winston';
import { LogContext } from './log-context.js';
import { createMasker } from './mask.js';

const MB = 1024 * 1024;

export interface WinstonLoggerOptions {
  /** Where console lines go; tests pass a stream to read them back. */
  consoleStream?: NodeJS.WritableStream;
}

/** The literal secret values in the settings: they are removed from any log line they reach. */
export function secretsOf(settings: Settings): string[] {
  return [
    settings.whatsapp.appSecret,
    settings.whatsapp.verifyToken,
    settings.whatsapp.accessToken,
    settings.app.adminApiKey,
    ...(settings.database.supabase ? [settings.database.supabase.serviceRoleKey] : []),
    ...passwordOf(settings.database.url),
  ];
}

/** The password in a connection string (drivers sometimes echo the URL in an error). */
function passwordOf(connectionString: string | null): string[] {
  if (connectionString === null) return [];
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password === '' ? [] : [password];
  } catch {
    return [];
  }
}

/**
 * One winston logger for the process. Context fields and masking are applied at the logger,
 * before any transport, so no transport can see an unmasked record.
 */
export function createWinstonLogger(settings: Settings, options: WinstonLoggerOptions = {}): winston.Logger {
  const { level, format, dir } = settings.log;
  const mask = createMasker({ secrets: secretsOf(settings) });

  const withContext = winston.format((info) => {
    const { requestId, conversationId } = LogContext.current();
    if (requestId !== undefined && info.requestId === undefined) info.requestId = requestId;
    if (conversationId !== undefined && info.conversationId === undefined) info.conversationId = conversationId;
    return info;
  });
  const masked = winston.format((info) => {
    for (const key of Object.keys(info)) {
      if (key !== 'level' && key !== 'timestamp') info[key] = mask(info[key], key);
    }
    return info;
  });
  const base = winston.format.combine(
    withContext(),
    winston.format.errors({ stack: true }),
    masked(),
    winston.format.timestamp(),
  );

  const json = winston.format.json();
  const consoleFormat =
    format === 'pretty' ? utilities.format.nestLike('Mostrador', { colors: true, prettyPrint: false }) : json;
  const transports: winston.transport[] = [
    options.consoleStream
      ? new winston.transports.Stream({ stream: options.consoleStream, level, format: consoleFormat })
      : new winston.transports.Console({ level, format: consoleFormat }),
  ];
  const exceptionHandlers: winston.transport[] = [];
  const rejectionHandlers: winston.transport[] = [];

  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    const file = (filename: string, fileLevel: string, maxMb: number, maxFiles: number, fileFormat = json) =>
      new winston.transports.File({
        filename: join(dir, filename),
        level: fileLevel,
        maxsize: maxMb * MB,
        maxFiles,
        tailable: true,
        format: fileFormat,
      });
    // Exception and rejection handlers write straight to their transports, past the logger's
    // format: they get the masking format of their own.
    const maskedJson = winston.format.combine(base, json);
    transports.push(
      file('combined.log', level, 50, 5),
      file('error.log', 'error', 25, 3),
      file('application.log', 'debug', 100, 10),
    );
    exceptionHandlers.push(file('exceptions.log', 'error', 25, 3, maskedJson));
    rejectionHandlers.push(file('rejections.log', 'error', 25, 3, maskedJson));
  }

  return winston.createLogger({
    // The logger lets through what the most verbose transport wants; each transport filters.
    level: dir !== undefined && winston.config.npm.levels[level] < winston.config.npm.levels.debug ? 'debug' : level,
    levels: winston.config.npm.levels,
    format: base,
    transports,
    // Without files to write them to, no handlers at all: winston would still listen for
    // uncaught exceptions and rejections, log them nowhere and keep a broken process running
    // ("exitOnError cannot be true with no exception handlers"). Node's own crash, with its
    // stack on stderr, is what a supervisor restarts from.
    ...(exceptionHandlers.length > 0 && { exceptionHandlers, rejectionHandlers }),
    exitOnError: true,
  });
}
