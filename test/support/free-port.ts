import { createServer } from 'node:net';

/**
 * Ports handed out by `freePort`: below Linux's ephemeral range (32768–60999), where the kernel
 * picks the local port of every outgoing connection and of every `listen(0)`. A port taken from
 * that range could be handed to one of those in the seconds before the app listens on it
 * (EADDRINUSE seen on a busy CI run); here only another `freePort` may pick it, by chance.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 };

/** A port free right now (for an app whose address another must know before it starts). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to} after 50 tries`);
}
