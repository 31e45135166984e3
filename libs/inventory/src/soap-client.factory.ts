import { fileURLToPath } from 'node:url';
import strongSoap, { type Client } from 'strong-soap';
import type { SoapTransport } from './soap-transport.js';

const { soap } = strongSoap;

/** The operations the WSDL must describe for Mostrador to use it. */
export const INVENTORY_OPERATIONS = ['SearchProducts', 'GetProduct', 'CheckStock', 'ListCategories', 'Ping'] as const;
/** Operations a shop's service may offer or not: stock reservations for order requests. */
export const RESERVATION_OPERATIONS = ['ReserveStock', 'ReleaseReservation'] as const;
export type SoapOperation = (typeof INVENTORY_OPERATIONS)[number] | (typeof RESERVATION_OPERATIONS)[number];

/** Whether the loaded WSDL describes both reservation operations. */
export function offersReservations(client: Client): boolean {
  return RESERVATION_OPERATIONS.every((name) => typeof client[name] === 'function');
}

export type SoapOperationCall = (
  args: Record<string, unknown>,
  options: Record<string, unknown>,
) => Promise<{ result: unknown }>;

/** A WSDL that loaded but is not the inventory's (or was cut short). */
export class UnusableWsdlError extends Error {
  override name = 'UnusableWsdlError';
}

export interface SoapClientOptions {
  wsdlUrl: string;
  endpointUrl?: string;
  timeoutMs: number;
  transport: SoapTransport;
}

/**
 * A strong-soap client for the inventory's WSDL, or a rejection, never a crash nor a hang:
 * strong-soap throws from inside its own callback on some bad WSDL answers (an empty body
 * leaves the callback uncalled and the exception uncaught), so the transport hands such
 * exceptions here. Each client gets its own WSDL cache: strong-soap's shared one keeps a
 * URL's WSDL for the life of the process.
 */
export function createSoapClient(options: SoapClientOptions): Promise<Client> {
  const { transport } = options;
  const location = options.wsdlUrl.startsWith('file:') ? fileURLToPath(options.wsdlUrl) : options.wsdlUrl;
  const previous = transport.onCallbackError;
  return new Promise<Client>((resolve, reject) => {
    transport.onCallbackError = reject;
    try {
      soap.createClient(
        location,
        {
          httpClient: transport,
          WSDL_CACHE: {},
          wsdl_options: { timeout: options.timeoutMs },
          ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
        },
        (error, client) => {
          if (error || !client) return reject(error ?? new UnusableWsdlError('no client'));
          const missing = INVENTORY_OPERATIONS.filter((name) => typeof client[name] !== 'function');
          if (missing.length > 0) {
            return reject(
              new UnusableWsdlError(
                `the WSDL does not describe the inventory operations (missing ${missing.join(', ')})`,
              ),
            );
          }
          resolve(client);
        },
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  }).finally(() => {
    transport.onCallbackError = previous;
  });
}

/** One operation of a client, as a function. */
export function operationOf(client: Client, operation: SoapOperation): SoapOperationCall {
  const call = client[operation] as SoapOperationCall;
  return (args, options) => call.call(client, args, options);
}
