import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '@mostrador/whatsapp';
import { captureLogger, type CapturedLogger, testSettings } from '../../../../test/support/capture-logger.js';
import { until } from '../../../../test/support/until.js';
import { MetaWebhookSender, newWamid } from './meta-webhook.sender.js';

const APP_SECRET = 'sender-spec-app-secret';

interface Received {
  wamid: string;
  status: string;
  callbackData: string | undefined;
  /** What the receiver answered. */
  answer: number;
}

/** The api's webhook, played: checks the signature, answers from a script, then `otherwise`. */
class ScriptedWebhook {
  readonly received: Received[] = [];
  script: number[] = [];
  otherwise = 200;
  /** Statuses of these wamids are always refused (503), whatever `otherwise` says. */
  readonly refused = new Set<string>();
  url = '';
  private server!: Server;

  /** Listens on `port` (0: any free one). */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (!verifyWebhookSignature(raw, req.headers[SIGNATURE_HEADER], APP_SECRET).valid) {
          res.writeHead(401).end();
          return;
        }
        const payload = JSON.parse(raw.toString('utf8')) as {
          entry: {
            changes: { value: { statuses: { id: string; status: string; biz_opaque_callback_data?: string }[] } }[];
          }[];
        };
        const statuses = payload.entry[0].changes[0].value.statuses;
        const answer = statuses.some((s) => this.refused.has(s.id)) ? 503 : (this.script.shift() ?? this.otherwise);
        for (const status of statuses) {
          this.received.push({
            wamid: status.id,
            status: status.status,
            callbackData: status.biz_opaque_callback_data,
            answer,
          });
        }
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  }

  /** The statuses of `wamid` the receiver took (answered 2xx), in arrival order. */
  taken(wamid: string): string[] {
    return this.received.filter((r) => r.wamid === wamid && r.answer < 300).map((r) => r.status);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe(MetaWebhookSender.name, () => {
  const webhook = new ScriptedWebhook();
  let sender: MetaWebhookSender | undefined;
  let logs: CapturedLogger;

  beforeAll(() => webhook.start(), 10_000);
  afterAll(() => webhook.stop(), 10_000);
  afterEach(() => {
    sender?.onModuleDestroy();
    sender = undefined;
    webhook.script = [];
    webhook.otherwise = 200;
    webhook.refused.clear();
  });

  function start(env: Record<string, string> = {}): MetaWebhookSender {
    const settings = testSettings({
      WHATSAPP_APP_SECRET: APP_SECRET,
      SANDBOX_WEBHOOK_URL: webhook.url,
      SANDBOX_STATUS_DELAY_MS: '0',
      ...env,
    });
    logs = captureLogger(settings);
    sender = new MetaWebhookSender(settings, logs.logger);
    return sender;
  }

  const lines = (pattern: RegExp) => logs.lines().filter((l) => pattern.test(String(l.message)));

  describe('followWithStatuses', () => {
    it('should deliver a status the api answered 503 later, with the ones after it still in order', async () => {
      const wamid = newWamid();
      webhook.script = [503, 503];
      start().followWithStatuses(wamid, '5215512345678', 'text');

      const taken = await until(() => (webhook.taken(wamid).length === 3 ? webhook.taken(wamid) : undefined), 'three');
      expect(taken).toEqual(['sent', 'delivered', 'read']);
      expect(webhook.received.filter((r) => r.wamid === wamid).map((r) => [r.status, r.answer])).toEqual([
        ['sent', 503],
        ['sent', 503],
        ['sent', 200],
        ['delivered', 200],
        ['read', 200],
      ]);
      expect(lines(/delivered late/)).toEqual([expect.objectContaining({ wamid, status: 200, attempts: 3 })]);
    }, 15_000);

    it('should retry after a 4xx too (Meta retries anything but a 200)', async () => {
      const wamid = newWamid();
      webhook.script = [429];
      start().followWithStatuses(wamid, '5215512345678', 'reaction');
      await until(() => (webhook.taken(wamid).length === 1 ? true : undefined), 'sent');
      expect(webhook.received.filter((r) => r.wamid === wamid).map((r) => r.answer)).toEqual([429, 200]);
    }, 15_000);

    it('should retry while the api is unreachable, and deliver once it listens again', async () => {
      const later = new ScriptedWebhook();
      await later.start();
      const { port } = new URL(later.url);
      await later.stop();
      const wamid = newWamid();
      start({ SANDBOX_WEBHOOK_URL: later.url }).followWithStatuses(wamid, '5215512345678', 'reaction');
      await until(() => lines(/will retry/).at(0), 'a refused first try');
      expect(lines(/will retry/)).toEqual([expect.objectContaining({ wamid, status: 0, attempts: 1 })]);

      await later.start(Number(port));
      try {
        await until(() => (later.taken(wamid).length === 1 ? true : undefined), 'sent, once it listens');
      } finally {
        await later.stop();
      }
    }, 15_000);

    it('should give up after SANDBOX_WEBHOOK_RETRY_SECONDS, and go on with the next status', async () => {
      const wamid = newWamid();
      webhook.otherwise = 503;
      const statuses = start({ SANDBOX_WEBHOOK_RETRY_SECONDS: '1' });
      statuses.followWithStatuses(wamid, '5215512345678', 'text');
      await until(() => lines(/given up/).find((l) => l.status === 503), 'giving up on sent');
      webhook.otherwise = 200;
      await until(() => (webhook.taken(wamid).length === 2 ? true : undefined), 'delivered and read');
      expect(webhook.taken(wamid)).toEqual(['delivered', 'read']);
      // The waits (jittered) fill the second after a few tries.
      expect(lines(/given up/)).toEqual([
        expect.objectContaining({ wamid, messageStatus: 'sent', status: 503, attempts: expect.any(Number) }),
      ]);
      expect(lines(/given up/)[0].attempts).toBeGreaterThanOrEqual(2);
      // The stand-in counts a status when it receives it; the sender, once the answer is back.
      await until(() => (statuses.pendingStatusWebhooks === 0 ? true : undefined), 'nothing pending');
    }, 15_000);

    it('should drop the oldest pending status, with a warn line, when over SANDBOX_WEBHOOK_MAX_PENDING', async () => {
      const [first, second] = [newWamid(), newWamid()];
      webhook.otherwise = 503;
      const statuses = start({ SANDBOX_WEBHOOK_MAX_PENDING: '3' });
      statuses.followWithStatuses(first, '5215512345678', 'text');
      await until(() => (statuses.pendingStatusWebhooks === 3 ? true : undefined), "the first message's statuses");
      statuses.followWithStatuses(second, '5215587654321', 'text');
      await until(() => (lines(/dropped/).length === 3 ? true : undefined), 'three dropped');
      expect(statuses.pendingStatusWebhooks).toBe(3);
      expect(lines(/dropped/)).toEqual(
        ['sent', 'delivered', 'read'].map((status): unknown =>
          expect.objectContaining({ level: 'warn', wamid: first, messageStatus: status }),
        ),
      );

      // A dropped status's last attempt may still be on its way: it must not be taken now.
      webhook.refused.add(first);
      webhook.otherwise = 200;
      await until(() => (webhook.taken(second).length === 3 ? true : undefined), "the second message's statuses");
      expect(webhook.taken(second)).toEqual(['sent', 'delivered', 'read']);
      expect(webhook.taken(first)).toEqual([]);
      await until(() => (statuses.pendingStatusWebhooks === 0 ? true : undefined), 'nothing pending');
    }, 30_000);

    it('should stop retrying on shutdown and say how many it abandoned', async () => {
      const wamid = newWamid();
      webhook.otherwise = 503;
      const statuses = start();
      statuses.followWithStatuses(wamid, '5215512345678', 'text');
      await until(() => (statuses.pendingStatusWebhooks === 3 ? true : undefined), 'three pending');
      statuses.onModuleDestroy();
      expect(statuses.pendingStatusWebhooks).toBe(0);
      expect(lines(/abandoned at shutdown/)).toEqual([expect.objectContaining({ abandoned: 3 })]);
    }, 10_000);

    it('should echo biz_opaque_callback_data in every status, and leave it out when the send had none', async () => {
      const [tagged, untagged] = [newWamid(), newWamid()];
      const statuses = start();
      statuses.followWithStatuses(tagged, '5215512345678', 'text', 'msg:42');
      statuses.followWithStatuses(untagged, 'MX.1a2B3c4D5e', 'text');
      await until(
        () => (webhook.taken(tagged).length + webhook.taken(untagged).length === 6 ? true : undefined),
        'six statuses',
      );
      const callbackData = (wamid: string) =>
        webhook.received.filter((r) => r.wamid === wamid).map((r) => r.callbackData);
      expect(callbackData(tagged)).toEqual(['msg:42', 'msg:42', 'msg:42']);
      expect(callbackData(untagged)).toEqual([undefined, undefined, undefined]);
    }, 10_000);
  });
});
