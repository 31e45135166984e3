import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { type CapturedLogger, captureLogger, testSettings } from './capture-logger.js';
import { freePort } from './free-port.js';

/** What GET /sandbox/inventory/faults answers. */
export interface InventorySandboxStatus {
  wsdlUrl: string | null;
  endpoint: string | null;
  listening: boolean;
  connections: number;
  products: number;
  faults: Record<string, unknown>;
}

export interface InventorySandbox {
  app: NestFastifyApplication;
  logs: CapturedLogger;
  /** The SOAP service's WSDL and endpoint (its own port). */
  wsdlUrl: string;
  endpoint: string;
  status(): Promise<InventorySandboxStatus>;
  /** POST /sandbox/inventory/faults: latencyMs, jitterMs, errorPercent, down, payload, xxeFile. */
  setFaults(patch: Record<string, unknown>): Promise<InventorySandboxStatus>;
  /** DELETE /sandbox/inventory/faults: a healthy service again. */
  resetFaults(): Promise<InventorySandboxStatus>;
  close(): Promise<void>;
}

/**
 * The sandbox in this process, on free ports (its HTTP port and the SOAP inventory's), with
 * its inventory faults driven through its admin routes, as a test or a demo would.
 */
export async function startInventorySandbox(env: Record<string, string> = {}): Promise<InventorySandbox> {
  // Below the ephemeral range: while the 'down' fault has the SOAP port closed, no outgoing
  // connection (of this or another suite) takes it, and reopening it cannot fail.
  const settings = testSettings({ SANDBOX_INVENTORY_PORT: String(await freePort()), ...env });
  const logs = captureLogger(settings);
  const app = await createSandboxApp(settings, logs.logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = async (method: 'GET' | 'POST' | 'DELETE', payload?: object) => {
    const response = await app.inject({ method, url: '/sandbox/inventory/faults', payload });
    if (response.statusCode !== 200) throw new Error(`${method} faults: ${response.statusCode} ${response.body}`);
    return response.json<InventorySandboxStatus>();
  };
  const first = await admin('GET');
  if (!first.wsdlUrl || !first.endpoint) throw new Error('the inventory SOAP service did not open its port');
  return {
    app,
    logs,
    wsdlUrl: first.wsdlUrl,
    endpoint: first.endpoint,
    status: () => admin('GET'),
    setFaults: (patch) => admin('POST', patch),
    resetFaults: () => admin('DELETE'),
    close: () => app.close(),
  };
}
