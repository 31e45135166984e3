/**
 * The part of strong-soap 6 (which ships no types) that Mostrador uses: the client with a
 * transport of our own (libs/inventory) and the server (the sandbox's inventory service).
 */
declare module 'strong-soap' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type HttpCallback = (error: Error | null, response?: HttpResponseLike, body?: string) => void;

  /** What strong-soap reads of a response: the status, the headers and the body. */
  export interface HttpResponseLike {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }

  /** strong-soap's transport; a subclass passed as `httpClient` replaces it. */
  export interface HttpClient {
    options: Record<string, unknown>;
    /** `data` is the request envelope (POST), or null for GET (the WSDL). */
    request(
      url: string,
      data: string | null,
      callback: HttpCallback,
      headers?: Record<string, string>,
      options?: Record<string, unknown>,
    ): unknown;
  }
  export type HttpClientConstructor = new (options?: object) => HttpClient;

  export type OperationResult = Promise<{ result: unknown; envelope: string; soapHeader?: unknown }>;

  export interface Client {
    [operation: string]: unknown;
    lastRequest?: string;
    lastResponse?: string;
    lastEndpoint?: string;
    setEndpoint(endpoint: string): void;
    describe(): Record<string, Record<string, Record<string, unknown>>>;
  }

  export interface ClientOptions {
    endpoint?: string;
    httpClient?: HttpClient;
    /** strong-soap's parsed-WSDL cache; a fresh object per client keeps it from living forever. */
    WSDL_CACHE?: Record<string, unknown>;
    wsdl_options?: Record<string, unknown>;
    wsdl_headers?: Record<string, string>;
    prettyPrint?: boolean;
    [option: string]: unknown;
  }

  export type OperationHandler = (
    args: Record<string, unknown> | undefined,
    callback: (error: unknown, result?: unknown) => void,
    headers: unknown,
    request: IncomingMessage,
  ) => unknown;

  export interface ServerOptions {
    path: string;
    services: Record<string, Record<string, Record<string, OperationHandler>>>;
    xml: string;
    /** Indent the answers; default true. */
    prettyResponse?: boolean;
  }

  /** An xmlbuilder element, as strong-soap builds envelopes with it. */
  export interface XmlElement {
    element(name: string, attributesOrText?: Record<string, string> | string, text?: string): XmlElement;
    up(): XmlElement;
  }

  export interface SoapModule {
    createClient(url: string, options: ClientOptions, callback: (error: Error | null, client?: Client) => void): void;
    listen(
      server: EventEmitter,
      options: ServerOptions,
    ): EventEmitter & { _requestListener?: (req: IncomingMessage, res: ServerResponse) => void };
    HttpClient: HttpClientConstructor;
    XMLHandler: {
      createSOAPEnvelope(
        prefix?: string,
        namespaceUri?: string,
      ): { body: XmlElement; header: XmlElement; doc: { end(options?: { pretty?: boolean }): string } };
    };
  }

  const strongSoap: { soap: SoapModule };
  export default strongSoap;
}
