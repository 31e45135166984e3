import { customerPhone, messageFrom, messagesWebhook, signedBody } from '../../test/whatsapp/meta-webhooks.js';

export interface OpenLoopOptions {
  /** Customer messages per second, arriving as a Poisson process (not when the last reply came). */
  rate: number;
  seconds: number;
  /** The api instances; each message goes to one of them at random. */
  apiUrls: string[];
  /** The sandbox: its Graph API stand-in records when each reply arrived. */
  sandboxUrl: string;
  appSecret: string;
  /** The api's quiet window: what a reply cannot beat, taken off every latency. */
  quietMs: number;
  /** Mean time a customer takes to write again after a reply (exponential). */
  thinkMs: number;
  /** How long to wait for replies still due after the last arrival. */
  drainMs?: number;
  random: () => number;
}

export interface OpenLoopResult {
  rate: number;
  sent: number;
  answered: number;
  /** Reply arrival at the Graph API − webhook accepted − quiet window, ms, per answered message. */
  beyondWindowMs: number[];
  /** Webhooks not answered 200 (each is a message Meta would send again). */
  refused: number;
}

const TEXTS = ['hola', '¿tienen tenis negros talla 27?', 'busco playeras azules', '¿a qué hora abren?', 'gracias'];

/**
 * An open-loop load: messages arrive at a fixed mean rate from many customers whatever the
 * replies do (a slow server faces the same arrivals, as a shop does), each customer writing one
 * message and, after its reply and a think time, maybe another. Latency is measured from the
 * webhook's 200 to the reply's arrival at the Graph API stand-in, less the quiet window.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, seconds, apiUrls, sandboxUrl, appSecret, quietMs, thinkMs, random } = options;
  const idle: string[] = [];
  const waiting = new Map<string, number>();
  const beyondWindowMs: number[] = [];
  let sent = 0;
  let refused = 0;
  let seq = await lastSeq(sandboxUrl);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;

  let polling = true;
  let drainDeadline = Infinity;
  const poller = (async () => {
    while (polling || waiting.size > 0) {
      const events = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/messages?after=${seq}`)).json()) as {
        kind: string;
        to: string | null;
        at: string;
        seq: number;
      }[];
      for (const event of events) {
        seq = Math.max(seq, event.seq);
        if (event.kind !== 'message' || event.to === null) continue;
        const acceptedAt = waiting.get(event.to);
        // The first part of a reply answers; the rest of it are the same reply.
        if (acceptedAt === undefined) continue;
        waiting.delete(event.to);
        beyondWindowMs.push(Date.parse(event.at) - acceptedAt - quietMs);
        const phone = event.to;
        setTimeout(() => idle.push(phone), exponential(thinkMs)).unref();
      }
      if (!polling && Date.now() > drainDeadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();

  const send = async (phone: string) => {
    const message = messageFrom({ phone }, 'text', { text: { body: TEXTS[Math.floor(random() * TEXTS.length)] } });
    const { body, signature } = signedBody(messagesWebhook({ phone, name: 'Carga' }, [message]), appSecret);
    const url = apiUrls[Math.floor(random() * apiUrls.length)];
    try {
      const response = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 200) waiting.set(phone, Date.now());
      else refused += 1;
    } catch {
      refused += 1;
    }
  };

  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  let next = started;
  while (next < started + seconds * 1000) {
    next += exponential(1000 / rate);
    const delay = next - Date.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const phone = idle.shift() ?? customerPhone();
    sent += 1;
    const request = send(phone).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  drainDeadline = Date.now() + (options.drainMs ?? 15_000);
  polling = false;
  await poller;
  return { rate, sent, answered: beyondWindowMs.length, beyondWindowMs, refused };
}

async function lastSeq(sandboxUrl: string): Promise<number> {
  const events = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/messages`)).json()) as { seq: number }[];
  return events.at(-1)?.seq ?? 0;
}
