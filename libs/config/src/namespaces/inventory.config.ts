import { z } from 'zod';
import { integer, url } from '../env-value.js';
import { type BuildContext, defineNamespace } from '../namespace.js';
import { sandboxInventoryPort } from './sandbox.config.js';

/** The sandbox's WSDL, wherever SANDBOX_HOST and SANDBOX_INVENTORY_PORT put it. */
function sandboxWsdlUrl(context: BuildContext): string {
  const host = context.env.SANDBOX_HOST?.trim() || '127.0.0.1';
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${sandboxInventoryPort(context.env)}/inventory?wsdl`;
}

export const inventoryNamespace = defineNamespace({
  variables: z.object({
    INVENTORY_WSDL_URL: url(['http:', 'https:', 'file:']).describe(
      "WSDL of the shop's SOAP inventory service (http, https or a file: URL). Required in production; elsewhere default the sandbox's, http://127.0.0.1:<SANDBOX_INVENTORY_PORT>/inventory?wsdl.",
    ),
    INVENTORY_ENDPOINT_URL: url().describe(
      "Where to send the SOAP calls, overriding the WSDL's soap:address (a WSDL file that names another host). Default the WSDL's.",
    ),
    INVENTORY_TIMEOUT_MS: integer(50, 60_000).describe(
      'Time limit of one inventory call (and of loading the WSDL), ms. Default 3000.',
    ),
    INVENTORY_RETRY_MS: integer(0, 600_000).describe(
      'After the WSDL failed to load (service down at start), calls fail at once for this long before the next try, ms. Default 2000.',
    ),
    INVENTORY_HEALTH_TIMEOUT_MS: integer(50, 60_000).describe(
      'Time limit of the Ping the health check sends to the inventory service, ms. Default 1000.',
    ),
    INVENTORY_MAX_SOCKETS: integer(1, 1024).describe(
      'Keep-alive connections to the inventory service at most (per process). Default 32.',
    ),
  }),
  build(env, context) {
    // The sandbox stands in for the shop's inventory everywhere but production.
    if (context.nodeEnv === 'production' && env.INVENTORY_WSDL_URL === undefined) {
      context.problem('INVENTORY_WSDL_URL', 'is required when NODE_ENV=production');
    }
    return {
      wsdlUrl: env.INVENTORY_WSDL_URL ?? sandboxWsdlUrl(context),
      endpointUrl: env.INVENTORY_ENDPOINT_URL,
      timeoutMs: env.INVENTORY_TIMEOUT_MS ?? 3000,
      retryMs: env.INVENTORY_RETRY_MS ?? 2000,
      healthTimeoutMs: env.INVENTORY_HEALTH_TIMEOUT_MS ?? 1000,
      maxSockets: env.INVENTORY_MAX_SOCKETS ?? 32,
    };
  },
});
