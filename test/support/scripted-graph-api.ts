import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * How the double answers one request: an HTTP answer; `hang-up` (the connection is cut after
 * the request was read: the sender cannot know whether Meta has it); `silence` (no answer at
 * all, until the sender gives up); or a function that may act first (post a status, say).
 */
export type GraphAnswer =
  | { status: number; body: unknown }
  | 'hang-up'
  | 'silence'
  | ((request: GraphRequest, n: number) => Promise<{ status: number; body: unknown }>);

/** Meta's answer to a send: its wamid is `<prefix><n>`, n counting every request received. */
export const sendOk = (n: number, prefix = 'wamid.test-') => ({
  messaging_product: 'whatsapp',
  contacts: [{ input: '5215512345678', wa_id: '5215512345678' }],
  messages: [{ id: `${prefix}${n}` }],
});

/** Meta's error body. */
export function metaError(status: number, code: number, title: string, details: string) {
  return {
    status,
    body: {
      error: {
        message: `(#${code}) ${title}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: 'AbCdEf123',
      },
    },
  };
}

export interface ScriptedGraphApiOptions {
  /** Read receipts take answers from the script too (default); false: they always succeed. */
  scriptReadReceipts?: boolean;
}

/** A Graph API double over real HTTP: answers requests from a script, then with a wamid. */
export class ScriptedGraphApi {
  readonly received: GraphRequest[] = [];
  private script: GraphAnswer[] = [];
  private server!: Server;
  url = '';
  /** How its wamids start (one database shared by several tests needs them unique). */
  wamidPrefix = 'wamid.test-';

  constructor(private readonly options: ScriptedGraphApiOptions = {}) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readJson(req).then(async (body) => {
        const request = { url: req.url ?? '', authorization: req.headers.authorization, body };
        this.received.push(request);
        const n = this.received.length;
        const isRead = body.status === 'read';
        const fromScript = !isRead || this.options.scriptReadReceipts !== false;
        const scripted = (fromScript ? this.script.shift() : undefined) ?? {
          status: 200,
          body: isRead ? { success: true } : sendOk(n, this.wamidPrefix),
        };
        if (scripted === 'hang-up') {
          req.socket.destroy();
          return;
        }
        if (scripted === 'silence') return;
        const answer = typeof scripted === 'function' ? await scripted(request, n) : scripted;
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(...answers: GraphAnswer[]): void {
    this.script.push(...answers);
  }

  /** The messages sent (read receipts left out), in the order they arrived. */
  sends(): GraphRequest[] {
    return this.received.filter((r) => r.body.status !== 'read');
  }

  reset(): void {
    this.received.length = 0;
    this.script = [];
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}
