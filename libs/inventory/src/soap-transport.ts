import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import strongSoap, { type HttpCallback, type HttpResponseLike } from 'strong-soap';
import type { UnavailableReason } from './inventory.errors.js';

const { soap } = strongSoap;

/** The largest answer read; a catalogue page is a few KB. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Connection errors that mean "nobody is listening there". */
const REFUSED = new Set(['ECONNREFUSED']);
/** Connection errors of a reused keep-alive socket the server closed meanwhile. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/** What went wrong below SOAP: the client turns it into a typed InventoryError. */
export class TransportError extends Error {
  constructor(
    readonly kind: UnavailableReason | 'malformed',
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface SoapTransportOptions {
  maxSockets: number;
}

/** A URL as it may be written in a log or an error: without user name or password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * strong-soap's transport, replaced: strong-soap builds and parses the XML, this sends it.
 * Its own (over @cypress/request) sends `Connection: close` and has no time limit by
 * default; this one keeps connections alive (≈ 1.25 → 0.75 ms a call here), enforces each
 * call's `timeout`, honours an AbortSignal, retries once a reused socket the server had
 * closed (every inventory operation is a read), bounds the answer's size, and refuses any
 * answer that declares a DTD before strong-soap parses it: SOAP forbids DTDs (SOAP 1.1 §3,
 * WS-I Basic Profile R1008), and refusing them means no entity is ever expanded (no XXE).
 */
export class SoapTransport extends soap.HttpClient {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  /** Where an exception thrown by strong-soap's callback goes (it would be uncaught). */
  onCallbackError: (error: unknown) => void = () => undefined;

  constructor(options: SoapTransportOptions) {
    // prettyPrint off: strong-soap reads it from its transport's options.
    super({ prettyPrint: false });
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  override request(
    url: string,
    data: string | null,
    callback: HttpCallback,
    headers: Record<string, string> = {},
    options: Record<string, unknown> = {},
  ): undefined {
    const timeoutMs = typeof options.timeout === 'number' ? options.timeout : undefined;
    const signal = options.signal instanceof AbortSignal ? options.signal : undefined;
    this.send(url, data, headers, timeoutMs, signal, true).then(
      (response) => this.deliver(callback, null, response, response.body),
      (error: unknown) => this.deliver(callback, error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }

  /** Closes the keep-alive connections (at shutdown). */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private deliver(callback: HttpCallback, error: Error | null, response?: HttpResponseLike, body?: string): void {
    try {
      callback(error, response, body);
    } catch (thrown) {
      // strong-soap throws from inside its callback on some bad WSDLs (an empty one, for
      // one): caught here, it fails the client's creation instead of the process.
      this.onCallbackError(thrown);
    }
  }

  private send(
    url: string,
    data: string | null,
    headers: Record<string, string>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    mayRetry: boolean,
  ): Promise<HttpResponseLike> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const body = data === null ? undefined : Buffer.from(data, 'utf8');
    return new Promise<HttpResponseLike>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, response?: HttpResponseLike) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method: body ? 'POST' : 'GET',
        agent: secure ? this.httpsAgent : this.httpAgent,
        signal,
        headers: {
          ...headers,
          Accept: 'text/xml, application/soap+xml, application/xml',
          'Accept-Encoding': 'identity',
          Connection: 'keep-alive',
          'User-Agent': 'mostrador-inventory/1',
          ...(body ? { 'Content-Length': String(body.length) } : {}),
        },
      });
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => req.destroy(new TransportError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new TransportError('malformed', `the answer is larger than ${MAX_RESPONSE_BYTES} bytes`));
          } else chunks.push(chunk);
        });
        res.on('error', (error) => finish(classify(error)));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            finish(null, checkAnswer(res.statusCode ?? 0, res.headers, text, body !== undefined));
          } catch (error) {
            finish(error as Error);
          }
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (mayRetry && req.reusedSocket && STALE_SOCKET.has(error.code ?? '') && !settled) {
          // The server closed this idle keep-alive socket as we wrote: one fresh try.
          settled = true;
          clearTimeout(timer);
          this.send(url, data, headers, timeoutMs, signal, false).then(resolve, reject);
          return;
        }
        finish(classify(error));
      });
      req.end(body);
    });
  }
}

/** The answer, if it is one strong-soap may parse; a TransportError otherwise. */
function checkAnswer(status: number, headers: IncomingHttpHeaders, text: string, operation: boolean): HttpResponseLike {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  const fault = operation && status === 500 && /<(\w+:)?Fault[\s>]/.test(text);
  if (status !== 200 && !fault) {
    throw new TransportError('http-status', `HTTP ${status}${head ? `: ${head.slice(0, 120)}` : ''}`, status);
  }
  if (head === '') throw new TransportError('malformed', 'the answer is empty');
  if (!head.startsWith('<')) throw new TransportError('malformed', `the answer is not XML: ${head.slice(0, 80)}`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new TransportError(
      'malformed',
      'the answer declares a DTD (<!DOCTYPE>), which SOAP forbids; refused unparsed, so no entity is expanded',
    );
  }
  if (!closesItsRoot(head))
    throw new TransportError('malformed', 'the answer is cut short (its root element is not closed)');
  return { statusCode: status, headers, body: text };
}

/**
 * Whether the document ends by closing the element it opened with. strong-soap's parser
 * reports a document cut short only through an error event nobody throws, and then hands
 * over what it read so far (a search cut in half would read as "no products").
 */
export function closesItsRoot(xml: string): boolean {
  const root = /<(?![?!])([\w.:-]+)[^>]*?(\/?)>/.exec(xml);
  if (!root) return false;
  const end = xml.trimEnd().replace(/\s+>$/, '>');
  return root[2] === '/' ? end.endsWith('/>') : end.endsWith(`</${root[1]}>`);
}

function classify(error: Error): Error {
  if (error instanceof TransportError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error.name === 'AbortError' || code === 'ABORT_ERR') {
    return new TransportError('aborted', 'the call was abandoned', undefined, { cause: error });
  }
  if (REFUSED.has(code)) return new TransportError('refused', 'connection refused', undefined, { cause: error });
  return new TransportError('unreachable', `${code || error.name}: ${error.message}`, undefined, { cause: error });
}
