import { InventoryFaultError, InventoryMalformedResponseError, InventoryUnavailableError } from './inventory.errors.js';
import { toInventoryError } from './inventory.client.js';
import { UnusableWsdlError } from './soap-client.factory.js';
import { TransportError } from './soap-transport.js';

function parsedFault(fault: object): Error {
  return Object.assign(new Error('faultcode: ...'), { root: { Envelope: { Body: { Fault: fault } } } });
}

describe(toInventoryError.name, () => {
  it.each([
    ['timeout', 'timeout'],
    ['refused', 'refused'],
    ['unreachable', 'unreachable'],
    ['aborted', 'aborted'],
  ] as const)('should make a %s transport error unavailable (%s), retriable', (kind, reason) => {
    const error = toInventoryError('SearchProducts', new TransportError(kind, 'x'));
    expect(error).toBeInstanceOf(InventoryUnavailableError);
    expect(error).toMatchObject({ reason, operation: 'SearchProducts', retriable: true });
  });

  it('should keep the HTTP status of an answer that was no SOAP document', () => {
    const error = toInventoryError('Ping', new TransportError('http-status', 'HTTP 502', 502));
    expect(error).toMatchObject({ reason: 'http-status', status: 502 });
  });

  it('should make a malformed answer an InventoryMalformedResponseError, not retriable', () => {
    const error = toInventoryError('GetProduct', new TransportError('malformed', 'the answer declares a DTD'));
    expect(error).toBeInstanceOf(InventoryMalformedResponseError);
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('inventory GetProduct: the answer declares a DTD');
  });

  it('should read the code and message of our fault detail', () => {
    const error = toInventoryError(
      'CheckStock',
      parsedFault({
        faultcode: 'soap:Client',
        faultstring: 'no store',
        detail: { InventoryFault: { code: 'UNKNOWN_STORE', message: 'no store "Cancún"' } },
      }),
    );
    expect(error).toBeInstanceOf(InventoryFaultError);
    expect(error).toMatchObject({ side: 'Client', code: 'UNKNOWN_STORE', retriable: false });
    expect(error.message).toBe('inventory CheckStock: no store "Cancún"');
  });

  it("should read another service's fault by its faultcode and faultstring", () => {
    const error = toInventoryError('Ping', parsedFault({ faultcode: 'S:Server', faultstring: 'database offline' }));
    expect(error).toMatchObject({ side: 'Server', code: 'Server', retriable: true });
    expect(error.message).toBe('inventory Ping: database offline');
  });

  it('should make an unusable WSDL and any parse failure malformed', () => {
    expect(toInventoryError('WSDL', new UnusableWsdlError('missing Ping'))).toBeInstanceOf(
      InventoryMalformedResponseError,
    );
    const sax = toInventoryError('SearchProducts', new Error('Unclosed root tag\nLine: 0'));
    expect(sax).toBeInstanceOf(InventoryMalformedResponseError);
    expect(sax.message).toBe('inventory SearchProducts: not a usable SOAP document (Unclosed root tag)');
  });
});
