import { readFileSync } from 'node:fs';
import { ConfigError, describeVariables, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(parseSettings.name, () => {
  describe('with no variables set', () => {
    it('should give the embedded defaults, with development secrets announced', () => {
      const settings = parseSettings({});
      expect(settings.nodeEnv).toBe('development');
      expect(settings.app).toMatchObject({
        host: '0.0.0.0',
        port: 3000,
        bodyLimitBytes: 3 * 1024 * 1024,
        swaggerEnabled: true,
      });
      expect(settings.log).toEqual({ level: 'info', format: 'pretty', dir: undefined });
      expect(settings.sandbox).toMatchObject({ host: '127.0.0.1', port: 3100 });
      expect([...settings.developmentDefaults].sort()).toEqual([
        'ADMIN_API_KEY',
        'WHATSAPP_ACCESS_TOKEN',
        'WHATSAPP_APP_SECRET',
        'WHATSAPP_VERIFY_TOKEN',
      ]);
    });
  });

  describe('with valid values', () => {
    it('should convert them to typed settings', () => {
      const settings = parseSettings({
        NODE_ENV: 'test',
        PORT: '8080',
        BODY_LIMIT_BYTES: '1048576',
        SWAGGER_ENABLED: 'false',
        LOG_LEVEL: 'debug',
        LOG_DIR: '/tmp/mostrador-logs',
        ADMIN_API_KEY: 'a-long-enough-admin-key',
      });
      expect(settings.app.port).toBe(8080);
      expect(settings.app.bodyLimitBytes).toBe(1048576);
      expect(settings.app.swaggerEnabled).toBe(false);
      expect(settings.app.adminApiKey).toBe('a-long-enough-admin-key');
      expect(settings.log).toEqual({ level: 'debug', format: 'json', dir: '/tmp/mostrador-logs' });
    });

    it('should treat an empty value as unset', () => {
      expect(parseSettings({ PORT: '', LOG_LEVEL: '  ' }).app.port).toBe(3000);
    });
  });

  describe('with bad values', () => {
    it('should list every problem by variable name in one error', () => {
      const problems = problemsOf({
        NODE_ENV: 'staging',
        PORT: 'eighty',
        BODY_LIMIT_BYTES: '-1',
        SWAGGER_ENABLED: 'maybe',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'xml',
        SANDBOX_PORT: '70000',
        ADMIN_API_KEY: 'short',
        WHATSAPP_APP_SECRET: 'tiny',
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          'NODE_ENV must be one of development, test, production',
          'PORT must be an integer from 0 to 65535',
          expect.stringMatching(/^BODY_LIMIT_BYTES must be an integer from/),
          'SWAGGER_ENABLED must be true or false',
          'LOG_LEVEL must be one of error, warn, info, http, verbose, debug, silly',
          'LOG_FORMAT must be one of json, pretty',
          'SANDBOX_PORT must be an integer from 0 to 65535',
          'ADMIN_API_KEY must be at least 16 characters',
          'WHATSAPP_APP_SECRET must be at least 8 characters',
        ]),
      );
      expect(problems).toHaveLength(9);
    });

    it.each([
      ['PORT', '3000.5'],
      ['PORT', '0x10'],
      ['SHUTDOWN_TIMEOUT_MS', '10s'],
      ['TRUST_PROXY', 'yesplease'],
    ])('should reject %s=%s', (variable, value) => {
      expect(problemsOf({ [variable]: value })).toEqual([expect.stringMatching(new RegExp(`^${variable} must be`))]);
    });

    it('should never put a value in the message', () => {
      const secret = 'shh-not-this';
      try {
        parseSettings({ WHATSAPP_APP_SECRET: 'x', ADMIN_API_KEY: secret, PORT: secret });
        throw new Error('expected a ConfigError');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).not.toContain(secret);
        expect((error as Error).message).toMatch(/^Invalid configuration \(3 problems\):/);
      }
    });
  });

  describe('in production', () => {
    it('should refuse to start without the WhatsApp secrets, the business number, an admin key and the inventory', () => {
      expect(problemsOf({ NODE_ENV: 'production' }).sort()).toEqual([
        'ADMIN_API_KEY is required when NODE_ENV=production',
        'INVENTORY_WSDL_URL is required when NODE_ENV=production',
        'WHATSAPP_ACCESS_TOKEN is required when NODE_ENV=production',
        'WHATSAPP_APP_SECRET is required when NODE_ENV=production',
        'WHATSAPP_PHONE_NUMBER_ID is required when NODE_ENV=production',
        'WHATSAPP_VERIFY_TOKEN is required when NODE_ENV=production',
      ]);
    });

    it('should start with them, with JSON logs to ./logs and Swagger off', () => {
      const settings = parseSettings({
        NODE_ENV: 'production',
        WHATSAPP_APP_SECRET: 'prod-app-secret',
        WHATSAPP_VERIFY_TOKEN: 'prod-verify-token',
        WHATSAPP_ACCESS_TOKEN: 'prod-access-token',
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        ADMIN_API_KEY: 'prod-admin-key-0123456789',
        INVENTORY_WSDL_URL: 'https://inventory.example.com/inventory?wsdl',
      });
      expect(settings.developmentDefaults).toEqual([]);
      expect(settings.log).toEqual({ level: 'info', format: 'json', dir: './logs' });
      expect(settings.app.swaggerEnabled).toBe(false);
    });

    it('should serve Swagger when SWAGGER_ENABLED=true', () => {
      const settings = parseSettings({
        NODE_ENV: 'production',
        WHATSAPP_APP_SECRET: 'prod-app-secret',
        WHATSAPP_VERIFY_TOKEN: 'prod-verify-token',
        WHATSAPP_ACCESS_TOKEN: 'prod-access-token',
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        ADMIN_API_KEY: 'prod-admin-key-0123456789',
        INVENTORY_WSDL_URL: 'https://inventory.example.com/inventory?wsdl',
        SWAGGER_ENABLED: 'true',
      });
      expect(settings.app.swaggerEnabled).toBe(true);
    });
  });
});

describe(describeVariables.name, () => {
  const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

  it('should describe every variable', () => {
    for (const variable of describeVariables()) expect(variable.description).not.toBe('');
  });

  it('should match .env.example, both ways', () => {
    const names = describeVariables().map((v) => v.name);
    expect(names.filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !names.includes(name))).toEqual([]);
  });
});
