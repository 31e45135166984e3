import type { IncomingHttpHeaders } from 'node:http';
import { HttpClient, HttpResponseTooLargeError, HttpTimeoutError } from '@mostrador/http';
import strongSoap, { type HttpCallback, type HttpResponseLike } from 'strong-soap';
import type { UnavailableReason } from './inventory.errors.js';

const { soap } = strongSoap;

/** The largest answer read; a catalogue page is a few KB. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Connection errors that mean "nobody is listening there". */
const REFUSED = new Set(['ECONNREFUSED']);

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
  private readonly http: HttpClient;
  /** Where an exception thrown by strong-soap's callback goes (it would be uncaught). */
  onCallbackError: (error: unknown) => void = () => undefined;

  constructor(options: SoapTransportOptions) {
    // prettyPrint off: strong-soap reads it from its transport's options.
    super({ prettyPrint: false });
    this.http = new HttpClient({ maxSockets: options.maxSockets });
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
    this.send(url, data, headers, timeoutMs, signal).then(
      (response) => this.deliver(callback, null, response, response.body),
      (error: unknown) => this.deliver(callback, error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }

  /** Closes the keep-alive connections (at shutdown). */
  destroy(): void {
    this.http.destroy();
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

  private async send(
    url: string,
    data: string | null,
    headers: Record<string, string>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponseLike> {
    const operation = data !== null;
    try {
      const response = await this.http.request({
        url,
        method: operation ? 'POST' : 'GET',
        headers: {
          ...headers,
          Accept: 'text/xml, application/soap+xml, application/xml',
          'Accept-Encoding': 'identity',
          Connection: 'keep-alive',
          'User-Agent': 'mostrador-inventory/1',
        },
        body: data ?? undefined,
        timeoutMs,
        signal,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        // Every inventory operation is a read.
        retryStaleSocket: true,
      });
      return checkAnswer(response.status, response.headers, response.text, operation);
    } catch (error) {
      // Not `instanceof Error`: an error from another realm (a test's VM) is one too.
      throw classify(error as Error);
    }
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
  if (error instanceof HttpTimeoutError) {
    return new TransportError('timeout', `no answer within ${error.timeoutMs} ms`, undefined, { cause: error });
  }
  if (error instanceof HttpResponseTooLargeError) return new TransportError('malformed', error.message);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error.name === 'AbortError' || code === 'ABORT_ERR') {
    return new TransportError('aborted', 'the call was abandoned', undefined, { cause: error });
  }
  if (REFUSED.has(code)) return new TransportError('refused', 'connection refused', undefined, { cause: error });
  return new TransportError('unreachable', `${code || error.name}: ${error.message}`, undefined, { cause: error });
}
