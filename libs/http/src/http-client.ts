import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Connection errors of a reused keep-alive socket the server closed meanwhile. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/**
 * How long an idle connection is kept: below the idle limit servers commonly apply (5 s is
 * Node's own, and undici's default), so we seldom write to a socket the server is closing.
 * A server that says less (`Keep-Alive: timeout=N`) is believed: Node's agent honours it.
 */
const IDLE_SOCKET_MS = 4_000;

export interface HttpRequest {
  url: string | URL;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, connection included; over it the request fails with HttpTimeoutError. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Answers longer than this fail with HttpResponseTooLargeError. */
  maxResponseBytes?: number;
  /**
   * Once more on a fresh connection when a reused keep-alive socket turns out closed by the
   * server as we wrote (Node's advice): only for requests that may safely arrive twice.
   */
  retryStaleSocket?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** No answer in time. `code` says whether a connection was ever made (else nothing was sent). */
export class HttpTimeoutError extends Error {
  readonly code: 'ECONNECT_TIMEOUT' | 'ETIMEDOUT';

  constructor(
    readonly timeoutMs: number,
    readonly connected: boolean,
  ) {
    super(connected ? `no answer within ${timeoutMs} ms` : `no connection within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
    this.code = connected ? 'ETIMEDOUT' : 'ECONNECT_TIMEOUT';
  }
}

export class HttpResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes`);
    this.name = 'HttpResponseTooLargeError';
  }
}

export interface HttpClientOptions {
  /** Connections kept open per origin (and the most used at once). */
  maxSockets: number;
}

/**
 * The outbound HTTP of the hot paths (Graph API sends, SOAP calls): Node's http over
 * keep-alive agents. It costs about a third of the CPU of `fetch` for the same call here
 * (`npm run bench:outbound-http`) — a turn makes
 * two to four such calls. Errors are Node's own (their `code` intact, so a caller can tell
 * "never connected" from "in doubt"), HttpTimeoutError or HttpResponseTooLargeError; an
 * abort rejects with the signal's AbortError.
 */
export class HttpClient {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(options: HttpClientOptions) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      timeout: IDLE_SOCKET_MS,
    };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  request(request: HttpRequest): Promise<HttpResponse> {
    return this.send(request, request.retryStaleSocket === true);
  }

  /** Closes the kept connections (at shutdown). */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(request: HttpRequest, mayRetry: boolean): Promise<HttpResponse> {
    const target = typeof request.url === 'string' ? new URL(request.url) : request.url;
    const secure = target.protocol === 'https:';
    const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let connected = false;
      const finish = (error: Error | null, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method: request.method,
        agent: secure ? this.httpsAgent : this.httpAgent,
        signal: request.signal,
        headers: {
          ...request.headers,
          ...(body !== undefined && { 'Content-Length': String(body.length) }),
        },
      });
      const { timeoutMs, maxResponseBytes } = request;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              finish(new HttpTimeoutError(timeoutMs, connected));
              req.destroy();
            }, timeoutMs);
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (maxResponseBytes !== undefined && size > maxResponseBytes) {
            // Settled first: destroying a request whose answer has begun reports no error of its own.
            finish(new HttpResponseTooLargeError(maxResponseBytes));
            req.destroy();
          } else chunks.push(chunk);
        });
        res.on('error', (error) => finish(error));
        res.on('end', () =>
          finish(null, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (mayRetry && req.reusedSocket && STALE_SOCKET.has(error.code ?? '') && !settled) {
          // The server closed this idle keep-alive socket as we wrote: one fresh try.
          settled = true;
          clearTimeout(timer);
          this.send(request, false).then(resolve, reject);
          return;
        }
        finish(error);
      });
      req.end(body);
    });
  }
}
