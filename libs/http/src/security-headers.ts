import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's response headers for these options, computed once: none of them depends on the
 * request, and running helmet's middleware per request cost about 5 % of a webhook's CPU.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let failure: Error | undefined;
  let done = false;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error !== undefined) failure = error instanceof Error ? error : new Error('helmet refused its options');
    done = true;
  });
  // Helmet checks its options and sets every header synchronously; anything else would be a new helmet.
  if (!done) throw new Error('helmet did not finish synchronously');
  if (failure) throw failure;
  return headers;
}
