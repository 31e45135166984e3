import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpCallback } from 'strong-soap';
import { closesItsRoot, redactUrl, SoapTransport, TransportError } from './soap-transport.js';

describe(closesItsRoot.name, () => {
  it.each([
    ['<?xml version="1.0"?><soap:Envelope xmlns:soap="x"><soap:Body/></soap:Envelope>', true],
    ['<soap:Envelope><soap:Body/></soap:Envelope >\n', true],
    ['<!-- a comment --><definitions name="x"/>', true],
    ['<wsdl:definitions><wsdl:types></wsdl:types></wsdl:definitions>', true],
    ['<?xml version="1.0"?><soap:Envelope xmlns:soap="x"><soap:Body><a>1</a>', false],
    ['<soap:Envelope><soap:Body/></soap:Envel', false],
    ['<soap:Envelope><soap:Body/></soap:Body>', false],
    ['not xml', false],
  ])('should tell whether %j is whole: %s', (xml, whole) => {
    expect(closesItsRoot(xml)).toBe(whole);
  });
});

describe(redactUrl.name, () => {
  it('should drop a user name and password', () => {
    expect(redactUrl('https://shop:s3cret@inventario.example.mx/ws?wsdl')).toBe(
      'https://inventario.example.mx/ws?wsdl',
    );
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});

describe(SoapTransport.name, () => {
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];
  let answer = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>';

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory`;
  }, 30_000);
  afterAll(() => new Promise((resolve) => server.close(resolve)), 30_000);

  function send(transport: SoapTransport, callback: HttpCallback): void {
    transport.request(url, '<x/>', callback, { 'Content-Type': 'text/xml; charset=utf-8' }, { timeout: 1000 });
  }

  it('should ask for keep-alive, not Connection: close', async () => {
    const transport = new SoapTransport({ maxSockets: 2 });
    await new Promise<void>((resolve) => send(transport, () => resolve()));
    transport.destroy();
    expect(seen.at(-1)).toMatchObject({ connection: 'keep-alive', 'content-length': '4' });
  });

  it('should hand an exception thrown by the callback to onCallbackError, not to the process', async () => {
    const transport = new SoapTransport({ maxSockets: 2 });
    const thrown = new Error('thrown inside strong-soap');
    const received = new Promise((resolve) => (transport.onCallbackError = resolve));
    send(transport, () => {
      throw thrown;
    });
    await expect(received).resolves.toBe(thrown);
    transport.destroy();
  });

  it.each([
    ['a DTD', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', /DTD/],
    ['an empty answer', '', /empty/],
    ['a document cut short', '<soap:Envelope><soap:Body>', /cut short/],
  ])('should refuse %s before strong-soap sees it', async (_what, body, message) => {
    answer = body;
    const transport = new SoapTransport({ maxSockets: 2 });
    const error = await new Promise<Error | null>((resolve) => send(transport, (e) => resolve(e)));
    transport.destroy();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'malformed', message: expect.stringMatching(message) });
  });
});
