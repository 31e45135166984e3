/** The codes in the WSDL's InventoryFault detail. */
export type InventoryFaultCode =
  | 'INVALID_ARGUMENT'
  | 'PRODUCT_NOT_FOUND'
  | 'UNKNOWN_STORE'
  | 'UNKNOWN_CATEGORY'
  | 'SIZE_NOT_OFFERED'
  | 'INSUFFICIENT_STOCK'
  | 'SERVICE_ERROR';

/**
 * A fault the service answers with, as the WSDL declares it: a request it cannot serve (an
 * unknown SKU) or its own failure. The failures the sandbox makes up on purpose for tests
 * and demos are in injected-faults.ts. Client faults (the request was wrong) and server faults
 * (the service failed) are told apart by the SOAP faultcode, as SOAP 1.1 §4.4.1 defines them.
 */
export class InventoryFault extends Error {
  constructor(
    readonly code: InventoryFaultCode,
    message: string,
  ) {
    super(message);
    this.name = 'InventoryFault';
  }

  get side(): 'Client' | 'Server' {
    return this.code === 'SERVICE_ERROR' ? 'Server' : 'Client';
  }

  /** The object strong-soap's server serialises into a <soap:Fault> with our detail. */
  toSoapFault(): { Fault: { faultcode: string; faultstring: string; detail: { InventoryFault: object } } } {
    return {
      Fault: {
        faultcode: `soap:${this.side}`,
        faultstring: this.message,
        detail: { InventoryFault: { code: this.code, message: this.message } },
      },
    };
  }
}
