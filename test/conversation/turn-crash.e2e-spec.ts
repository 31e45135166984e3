import { customerPhone } from '../whatsapp/meta-webhooks.js';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { TEST_DATABASE_URL } from '../support/database.js';
import { databaseFor, freePort, STACK_SECRETS, type TestDatabase, until } from '../support/stack.js';

interface OutboxEvent {
  kind: 'message' | 'read';
  to: string | null;
  wamid?: string;
}

/**
 * The api dies (SIGKILL) in the middle of a turn — after the read receipt, while the
 * inventory is slow to answer — and is started again: the customer gets exactly one reply.
 * On Postgres when TEST_DATABASE_URL is set, else on PGlite (whose folder lock a killed
 * process leaves behind, and the next one takes over).
 */
describe('a turn interrupted by a crash', () => {
  let sandbox: AppProcess;
  let api: AppProcess | undefined;
  let database: TestDatabase;
  let apiEnv: Record<string, string>;

  beforeAll(async () => {
    const apiPort = await freePort();
    sandbox = await startAppProcess('sandbox', {
      ...STACK_SECRETS,
      SANDBOX_PORT: '0',
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/whatsapp`,
      SANDBOX_STATUS_DELAY_MS: '10',
    });
    const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
    database = await databaseFor(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    apiEnv = {
      ...STACK_SECRETS,
      ...database.env,
      PORT: String(apiPort),
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
      TURN_COALESCE_MS: '100',
      TURN_LEASE_SECONDS: '3',
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_MIN_AGE_SECONDS: '1',
      LOG_LEVEL: 'debug',
    };
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await sandbox?.stop();
    await database?.dispose();
  }, 60_000);

  const outbox = async (phone: string) =>
    (await (await fetch(`${sandbox.url}/sandbox/graph-api/messages?to=${phone}`)).json()) as OutboxEvent[];
  const faults = (method: 'POST' | 'DELETE', body?: unknown) =>
    fetch(`${sandbox.url}/sandbox/inventory/faults`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });

  it('should send exactly one reply after the api is killed mid-turn and restarted', async () => {
    api = await startAppProcess('api', apiEnv);
    expect((await faults('POST', { latencyMs: 5000 })).status).toBe(200);

    const phone = customerPhone();
    const sent = await fetch(`${sandbox.url}/sandbox/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, name: 'Rosa', message: { type: 'text', body: '¿tienen tenis negros talla 27?' } }),
    });
    expect(sent.status).toBe(200);
    // The turn has begun (read receipt sent) and waits on the slow inventory.
    await until(
      async () => ((await outbox(phone)).some((e) => e.kind === 'read') ? true : undefined),
      'the read receipt',
    );
    api.child.kill('SIGKILL');
    expect((await api.exited).signal).toBe('SIGKILL');
    expect((await outbox(phone)).filter((e) => e.kind === 'message')).toEqual([]);

    expect((await faults('DELETE')).status).toBe(200);
    api = await startAppProcess('api', apiEnv);
    const replies = await until(
      async () => {
        const messages = (await outbox(phone)).filter((e) => e.kind === 'message');
        return messages.length > 0 ? messages : undefined;
      },
      'the reply after the restart',
      30_000,
    );
    await api.waitForLine((line) => line.event === 'turn' && String(line.outcome).startsWith('answered'));

    // Several whole sweeps later, still that one reply (one turn's parts), nothing more.
    const sweeps = () => api!.lines().filter((l) => l.message === 'sweep done').length;
    const seen = sweeps();
    await until(() => (sweeps() >= seen + 3 ? true : undefined), 'three more sweeps', 30_000);
    const after = (await outbox(phone)).filter((e) => e.kind === 'message');
    expect(after).toEqual(replies);
    const answeredTurns = api.lines().filter((l) => l.event === 'turn' && String(l.outcome).startsWith('answered'));
    expect(answeredTurns).toHaveLength(1);
    expect(new Set(after.map((m) => m.wamid)).size).toBe(after.length);
  }, 90_000);
});
