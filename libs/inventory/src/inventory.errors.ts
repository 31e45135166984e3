/** The operations of the inventory service, plus loading its WSDL. */
export type InventoryOperation =
  | 'SearchProducts'
  | 'GetProduct'
  | 'CheckStock'
  | 'ListCategories'
  | 'Ping'
  | 'ReserveStock'
  | 'ReleaseReservation'
  | 'WSDL';

/** Every failure of an inventory call is one of these. */
export abstract class InventoryError extends Error {
  /** Whether the same call may succeed later (for retries and circuit breakers). */
  abstract readonly retriable: boolean;

  constructor(
    readonly operation: InventoryOperation,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type UnavailableReason =
  'timeout' | 'refused' | 'unreachable' | 'http-status' | 'aborted' | 'circuit-open' | 'quota';

/**
 * The service could not be reached or did not answer in time: connection refused or
 * reset, DNS failure, time limit, an HTTP error status without a SOAP fault, the call
 * was abandoned, or it was not made because the inventory's circuit breaker is open
 * (`circuit-open`) or its quota is spent (`quota`, RATE_LIMIT_EXTERNAL_APIS). The api keeps serving; the assistant says it cannot check right now.
 */
export class InventoryUnavailableError extends InventoryError {
  readonly retriable = true;
  /** The HTTP status, for reason `http-status`. */
  readonly status?: number;

  constructor(
    operation: InventoryOperation,
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(operation, message, options);
    this.status = options?.status;
  }
}

/**
 * The service answered with a SOAP fault. `code` is the fault detail's code (e.g.
 * INVALID_ARGUMENT, UNKNOWN_STORE, SIZE_NOT_OFFERED, INSUFFICIENT_STOCK, SERVICE_ERROR), or the faultcode when
 * there is no detail; `side` says whose fault it is (SOAP 1.1 §4.4.1).
 */
export class InventoryFaultError extends InventoryError {
  readonly retriable: boolean;

  constructor(
    operation: InventoryOperation,
    readonly side: 'Client' | 'Server',
    readonly code: string,
    message: string,
  ) {
    super(operation, message);
    this.retriable = side === 'Server';
  }
}

/**
 * The answer was not a SOAP document Mostrador can use: not XML, truncated, a DTD (refused
 * unparsed: entities are never expanded), too large, or not the shape the WSDL promises.
 */
export class InventoryMalformedResponseError extends InventoryError {
  readonly retriable = false;
}
