import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseSettings } from '@mostrador/config';
import { createAppLogger, LogContext, REDACTED } from '@mostrador/logging';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe(createAppLogger.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mostrador-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const settingsFor = (env: Record<string, string>) =>
    parseSettings({ NODE_ENV: 'test', WHATSAPP_APP_SECRET: 'the-app-secret-value', ...env });

  it('should write masked JSON lines to the console and to every log file', async () => {
    const console = capture();
    const logger = createAppLogger(settingsFor({ LOG_DIR: dir, LOG_LEVEL: 'info' }), { consoleStream: console.stream });

    logger.log({ message: 'message from 5215512345678', headers: { authorization: 'Bearer abc' } }, 'Test');
    logger.error('failed with the-app-secret-value for +5215587654321', undefined, 'Test');
    logger.logDatabaseOperation({ operation: 'record_inbound_message', durationMs: 3, outcome: 'ok' });
    await logger.flush();

    expect(readdirSync(dir).sort()).toEqual([
      'application.log',
      'combined.log',
      'error.log',
      'exceptions.log',
      'rejections.log',
    ]);
    const read = (file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const everything = [console.lines(), read('combined.log'), read('error.log'), read('application.log')];
    for (const lines of everything) {
      const text = JSON.stringify(lines);
      expect(text).not.toMatch(/5215512345678|5215587654321|the-app-secret-value|Bearer abc/);
    }
    expect(console.lines()[0]).toMatchObject({ level: 'info', context: 'Test', message: 'message from 52*******5678' });
    expect(console.lines()[0].headers).toEqual({ authorization: REDACTED });
    expect(read('error.log')).toEqual([
      expect.objectContaining({ level: 'error', message: `failed with ${REDACTED} for +52*******4321` }),
    ]);
    // The database line is debug: only application.log takes it.
    expect(read('combined.log').map((l) => l.event)).not.toContain('database_operation');
    expect(read('application.log')).toContainEqual(
      expect.objectContaining({ level: 'debug', event: 'database_operation', operation: 'record_inbound_message' }),
    );
  });

  it('should leave uncaught exceptions to Node when it has no log file for them, and let go of them when flushed', async () => {
    const listeners = () => [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    const before = listeners();
    const consoleOnly = createAppLogger(settingsFor({ LOG_LEVEL: 'info' }), { consoleStream: capture().stream });
    expect(listeners()).toEqual(before);
    const withFiles = createAppLogger(settingsFor({ LOG_DIR: dir, LOG_LEVEL: 'info' }), {
      consoleStream: capture().stream,
    });
    expect(listeners()).toEqual(before.map((n) => n + 1));
    await withFiles.flush();
    await consoleOnly.flush();
    expect(listeners()).toEqual(before);
  });

  it('should add the request and conversation ids of the work in progress', async () => {
    const console = capture();
    const logger = createAppLogger(settingsFor({}), { consoleStream: console.stream });

    await LogContext.run({ requestId: 'req-1' }, async () => {
      await Promise.resolve();
      logger.log('in the request', 'Test');
      await LogContext.run({ conversationId: 'conv-9' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.warn('in the turn', 'Test');
      });
    });
    logger.log('outside', 'Test');
    await logger.flush();

    expect(
      console.lines().map(({ message, requestId, conversationId }) => ({ message, requestId, conversationId })),
    ).toEqual([
      { message: 'in the request', requestId: 'req-1', conversationId: undefined },
      { message: 'in the turn', requestId: 'req-1', conversationId: 'conv-9' },
      { message: 'outside', requestId: undefined, conversationId: undefined },
    ]);
  });

  it('should write the structured events with their fields', async () => {
    const console = capture();
    const logger = createAppLogger(settingsFor({ LOG_LEVEL: 'debug' }), { consoleStream: console.stream });

    logger.logConversationStart({ conversationId: 'c1', customer: '5215512345678', newCustomer: true });
    logger.logFunctionCall({ name: 'search_products', durationMs: 12, outcome: 'ok', arguments: { query: 'tenis' } });
    logger.logSOAPRequest({ operation: 'SearchProducts', durationMs: 4, outcome: 'timeout' });
    logger.logSecurityEvent({ event: 'bad_signature', reason: 'signature mismatch', ip: '10.0.0.1' });
    await logger.flush();

    expect(console.lines()).toEqual([
      expect.objectContaining({
        event: 'conversation_start',
        conversationId: 'c1',
        customer: '52*******5678',
        level: 'info',
      }),
      expect.objectContaining({ event: 'function_call', name: 'search_products', arguments: { query: 'tenis' } }),
      expect.objectContaining({
        event: 'soap_request',
        operation: 'SearchProducts',
        outcome: 'timeout',
        level: 'warn',
      }),
      expect.objectContaining({ event: 'security', securityEvent: 'bad_signature', ip: '10.0.0.1', level: 'warn' }),
    ]);
  });

  it('should mask a field by its name at the top of a line, as deeper down', async () => {
    const console = capture();
    const logger = createAppLogger(settingsFor({}), { consoleStream: console.stream });

    logger.logConversationStart({ conversationId: 'c2', customer: 'MX.1a2B3c4D5e', phoneNumberId: '106540352242922' });
    logger.logEvent('info', 'whatsapp text sent', { to: 'ana.lopez', apiToken: 'abc', nested: { to: 'ana.lopez' } });
    await logger.flush();

    expect(console.lines()).toEqual([
      expect.objectContaining({ customer: 'MX.******4D5e', phoneNumberId: '106540352242922' }),
      expect.objectContaining({ to: '*****opez', apiToken: REDACTED, nested: { to: '*****opez' } }),
    ]);
  });
});
