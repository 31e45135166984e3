import { ConfigError, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('inventory settings', () => {
  it('should default to the sandbox inventory, 3 s per call', () => {
    const settings = parseSettings({});
    expect(settings.inventory).toEqual({
      wsdlUrl: 'http://127.0.0.1:3101/inventory?wsdl',
      endpointUrl: undefined,
      timeoutMs: 3000,
      retryMs: 2000,
      healthTimeoutMs: 1000,
      maxSockets: 32,
    });
    expect(settings.sandbox.inventory).toEqual({
      port: 3101,
      faults: { latencyMs: 0, jitterMs: 0, errorPercent: 0, down: false, payload: 'valid' },
    });
  });

  it.each([
    [{ SANDBOX_PORT: '4100' }, 4101, 'http://127.0.0.1:4101/inventory?wsdl'],
    [{ SANDBOX_INVENTORY_PORT: '5000' }, 5000, 'http://127.0.0.1:5000/inventory?wsdl'],
    [{ SANDBOX_PORT: '0' }, 0, 'http://127.0.0.1:0/inventory?wsdl'],
    [{ SANDBOX_HOST: '0.0.0.0' }, 3101, 'http://127.0.0.1:3101/inventory?wsdl'],
    [{ SANDBOX_HOST: '::1' }, 3101, 'http://[::1]:3101/inventory?wsdl'],
  ])('should keep the client and the sandbox on the same port with %j', (env, port, wsdlUrl) => {
    const settings = parseSettings(env);
    expect(settings.sandbox.inventory.port).toBe(port);
    expect(settings.inventory.wsdlUrl).toBe(wsdlUrl);
  });

  it('should take a real service, and a WSDL file', () => {
    const settings = parseSettings({
      INVENTORY_WSDL_URL: 'https://inventario.example.mx/ws/Inventory.svc?wsdl',
      INVENTORY_ENDPOINT_URL: 'https://inventario.example.mx/ws/Inventory.svc',
      INVENTORY_TIMEOUT_MS: '1500',
      SANDBOX_INVENTORY_DOWN: 'true',
      SANDBOX_INVENTORY_PAYLOAD: 'xxe',
    });
    expect(settings.inventory).toMatchObject({
      wsdlUrl: 'https://inventario.example.mx/ws/Inventory.svc?wsdl',
      endpointUrl: 'https://inventario.example.mx/ws/Inventory.svc',
      timeoutMs: 1500,
    });
    expect(settings.sandbox.inventory.faults).toMatchObject({ down: true, payload: 'xxe' });
    expect(parseSettings({ INVENTORY_WSDL_URL: 'file:///srv/shop/inventory.wsdl' }).inventory.wsdlUrl).toBe(
      'file:///srv/shop/inventory.wsdl',
    );
  });

  it('should name every bad inventory variable', () => {
    expect(
      problemsOf({
        INVENTORY_WSDL_URL: 'ftp://shop/inventory.wsdl',
        INVENTORY_ENDPOINT_URL: 'not a url',
        INVENTORY_TIMEOUT_MS: '10',
        SANDBOX_INVENTORY_ERROR_PERCENT: '150',
        SANDBOX_INVENTORY_PAYLOAD: 'broken',
      }).sort(),
    ).toEqual([
      'INVENTORY_ENDPOINT_URL must be a URL (http: or https:)',
      'INVENTORY_TIMEOUT_MS must be an integer from 50 to 60000',
      'INVENTORY_WSDL_URL must be a URL (http: or https: or file:)',
      'SANDBOX_INVENTORY_ERROR_PERCENT must be an integer from 0 to 100',
      'SANDBOX_INVENTORY_PAYLOAD must be one of valid, malformed, xxe',
    ]);
  });
});
