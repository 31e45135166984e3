import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.js';

/**
 * A TCP proxy to Postgres that a test can cut (its port closed, every connection dropped: a
 * network outage) and open again on the same port.
 */
export class PostgresProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(
    target: URL,
    readonly port: number,
  ) {
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
    });
  }

  static async open(target: URL): Promise<PostgresProxy> {
    const proxy = new PostgresProxy(target, await freePort());
    await proxy.listen();
    return proxy;
  }

  async listen(): Promise<void> {
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  get listening(): boolean {
    return this.server.listening;
  }

  async cut(): Promise<void> {
    const closed = this.server.listening ? once(this.server, 'close') : Promise.resolve();
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
