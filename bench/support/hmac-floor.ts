/**
 * The floor under bench:footprint's CPU per webhook: a bare Fastify server doing only what any
 * webhook server must (take the raw body, check its X-Hub-Signature-256 HMAC, parse it) and
 * answering 200 without storing anything. It is bench/webhook.ts's baseline without the SQL, so
 * the two side by side split a webhook's cost between HTTP + HMAC and the database call.
 *
 * A process of its own (`node bench/support/hmac-floor.ts`, with WHATSAPP_APP_SECRET), so that
 * its CPU and memory are read from /proc like the api's. It imports nothing but Fastify and uses
 * only erasable TypeScript, so Node 22.18+ runs it without a loader and its idle memory is Node +
 * Fastify (@swc-node/register alone would add about 100 MB).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';

const secret = process.env.WHATSAPP_APP_SECRET;
if (!secret) throw new Error('hmac-floor needs WHATSAPP_APP_SECRET');

const app = Fastify({ bodyLimit: 3 * 1024 * 1024 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
  try {
    done(null, { raw: body, json: JSON.parse(body.toString('utf8')) as unknown });
  } catch (error) {
    done(error as Error, undefined);
  }
});
app.post('/webhooks/whatsapp', async (request, reply) => {
  const { raw } = request.body as { raw: Buffer; json: unknown };
  const header = String(request.headers['x-hub-signature-256'] ?? '');
  const given = Buffer.from(header.slice(7), 'hex');
  const expected = createHmac('sha256', secret).update(raw).digest();
  if (!header.startsWith('sha256=') || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return reply.code(401).send();
  }
  return reply.code(200).send({ ok: true });
});

const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ message: `hmac floor listening on ${url}` })}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
