/**
 * `npm run bench:turns` — turns under load. The sandbox (SOAP inventory, Graph API stand-in)
 * and the api run as their own processes, as in production, on loopback; the api's
 * coalescing window is 0. CONVERSATIONS customers (default 200) write at once, each
 * MESSAGES messages (default 5) as signed Meta webhooks, waiting for the reply to one before
 * writing the next, as people do. Prints turns/s and the p50/p95/p99 of
 *   - the turn's own time (claim → reply sent → answered), from the api's turn log, and
 *   - webhook accepted → reply sent (the turn log's time), per message,
 * beside a baseline measured in the same run: the I/O a turn cannot avoid (one
 * SearchProducts and one Graph API send, back to back, through the same clients).
 * PGlite by default; Postgres when TEST_DATABASE_URL is set.
 */
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { WhatsAppClient } from '@mostrador/whatsapp';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { startAppProcess } from '../test/support/app-process.js';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';
import { TEST_DATABASE_URL } from '../test/support/database.js';
import { databaseFor, freePort, STACK_SECRETS } from '../test/support/stack.js';
import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../test/whatsapp/meta-webhooks.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5);
const BASELINE_CALLS = 300;
const TEXTS = ['hola', '¿tienen tenis negros talla 27?', 'busco playeras azules', '¿a qué hora abren?', 'gracias'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => value.toFixed(1).padStart(8);

async function main(): Promise<void> {
  buildIfStale();
  const kind = TEST_DATABASE_URL ? 'postgres' : 'pglite';
  const database = await databaseFor(kind);
  const apiPort = await freePort();
  const sandbox = await startAppProcess('sandbox', {
    ...STACK_SECRETS,
    SANDBOX_PORT: '0',
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/whatsapp`,
  });
  const { wsdlUrl } = (await (await fetch(`${sandbox.url}/sandbox/inventory/faults`)).json()) as { wsdlUrl: string };
  const api = await startAppProcess('api', {
    ...STACK_SECRETS,
    ...database.env,
    PORT: String(apiPort),
    WHATSAPP_API_BASE_URL: sandbox.url,
    INVENTORY_WSDL_URL: wsdlUrl,
    TURN_COALESCE_MS: '0',
    TURN_MAX_WAIT_MS: '0',
    LOG_LEVEL: 'info',
  });
  try {
    // Baseline: the unavoidable I/O of one turn, through the same clients, one after another.
    const settings = testSettings({
      ...STACK_SECRETS,
      WHATSAPP_API_BASE_URL: sandbox.url,
      INVENTORY_WSDL_URL: wsdlUrl,
    });
    const logger = captureLogger(settings).logger;
    const inventory = new InventoryClient(
      settings,
      logger,
      standaloneCache(settings, logger),
      new BreakerRegistry(settings, logger),
    );
    const whatsapp = new WhatsAppClient(settings.whatsapp, logger);
    const baseline: number[] = [];
    for (let i = 0; i < BASELINE_CALLS + 20; i++) {
      const started = performance.now();
      await inventory.searchProducts({ query: 'tenis negros', maxResults: 10 });
      await whatsapp.sendText({ to: '5215500000000', text: 'baseline', lastInboundAt: new Date() });
      if (i >= 20) baseline.push(performance.now() - started);
    }
    inventory.onModuleDestroy();

    const answeredAt = (wamid: string) =>
      api.waitForLine(
        (l) => l.event === 'turn' && Array.isArray(l.waMessageIds) && (l.waMessageIds as string[]).includes(wamid),
        120_000,
      );
    /** One customer writes `count` messages, each after the reply to the one before. */
    const converse = async (phone: string, count: number, onAccepted: (wamid: string, text: string) => void) => {
      for (let i = 0; i < count; i++) {
        const text = TEXTS[i % TEXTS.length];
        const message = messageFrom({ phone }, 'text', { text: { body: text } });
        const { body, signature } = signedBody(
          messagesWebhook({ phone, name: 'Bench' }, [message]),
          STACK_SECRETS.WHATSAPP_APP_SECRET,
        );
        const response = await fetch(`http://127.0.0.1:${apiPort}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
        });
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        onAccepted(message.id as string, text);
        await answeredAt(message.id as string);
      }
    };

    // Warm-up (JIT, connections): one customer, 20 messages, not measured.
    await converse(customerPhone(), 20, () => undefined);

    const accepted = new Map<string, number>();
    const textOf = new Map<string, string>();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, () => customerPhone()).map((phone) =>
        converse(phone, MESSAGES, (wamid, text) => {
          accepted.set(wamid, Date.now());
          textOf.set(wamid, text);
        }),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;

    const turns = api
      .lines()
      .filter(
        (l) =>
          l.event === 'turn' &&
          String(l.outcome).startsWith('answered') &&
          (l.waMessageIds as string[]).some((id) => accepted.has(id)),
      );
    const own = turns.map((t) => Number(t.durationMs));
    const engine = turns.map((t) => Number(t.engineMs));
    const endToEnd = turns.flatMap((t) =>
      (t.waMessageIds as string[])
        .filter((id) => accepted.has(id))
        .map((id) => Date.parse(String(t.timestamp)) - accepted.get(id)!),
    );
    const row = (name: string, values: number[]) =>
      `${name.padEnd(44)}${ms(percentile(values, 50))}${ms(percentile(values, 95))}${ms(percentile(values, 99))}`;
    process.stdout.write(
      [
        '',
        `turns: ${CONVERSATIONS} conversations × ${MESSAGES} messages, coalescing 0, ${kind}, api and sandbox as processes on loopback`,
        `${''.padEnd(44)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
        row('baseline: SearchProducts + Graph API send', baseline),
        row('assistant (intent + inventory + reply)', engine),
        row("turn's own time (claim → answered)", own),
        row('webhook accepted → reply sent', endToEnd),
        ...TEXTS.map((text) =>
          row(
            `  turn time for "${text}"`,
            turns
              .filter((t) => (t.waMessageIds as string[]).some((id) => textOf.get(id) === text))
              .map((t) => Number(t.durationMs)),
          ),
        ),
        '',
        `${turns.length} turns for ${accepted.size} messages in ${elapsedS.toFixed(1)} s: ${(turns.length / elapsedS).toFixed(0)} turns/s; ` +
          `turn p95 ${percentile(own, 95).toFixed(1)} ms (goal ≤ 50); turn p50 is ${(percentile(own, 50) / percentile(baseline, 50)).toFixed(1)}× the baseline's`,
        '',
      ].join('\n'),
    );
  } finally {
    await api.stop();
    await sandbox.stop();
    await database.dispose();
  }
}

await main();
