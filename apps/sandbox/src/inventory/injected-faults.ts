import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

export const PAYLOAD_MODES = ['valid', 'malformed', 'xxe'] as const;
export type PayloadMode = (typeof PAYLOAD_MODES)[number];

/**
 * What the sandbox's inventory service does wrong on purpose, for tests and demos: every
 * request waits `latencyMs` plus up to `jitterMs`; `errorPercent` of the operation calls
 * get a SOAP Server fault; `down` closes the port (connections are refused); `payload`
 * answers every request (WSDL included) with a truncated document (`malformed`) or with a
 * DTD declaring an external entity that points at `xxeFile` (`xxe`), which a safe client
 * must refuse without reading the file.
 */
export const faultPlanSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).meta({ description: 'Fixed delay before every answer, ms.' }),
    jitterMs: z.number().int().min(0).max(60_000).meta({ description: 'Extra random delay, 0 to this many ms.' }),
    errorPercent: z
      .number()
      .min(0)
      .max(100)
      .meta({ description: 'Share of operation calls answered with a SOAP Server fault (SERVICE_ERROR), 0–100.' }),
    down: z.boolean().meta({ description: 'Close the SOAP port: connections are refused until set back to false.' }),
    payload: z.enum(PAYLOAD_MODES).meta({
      description: 'valid; malformed (a truncated document); xxe (a DTD with an external entity pointing at xxeFile).',
    }),
    xxeFile: z
      .string()
      .refine(isAbsolute, 'must be an absolute path')
      .meta({ description: 'The local file the XXE payload points at. Default /etc/passwd.' }),
  })
  .strict();

export type FaultPlan = z.infer<typeof faultPlanSchema>;

/** A change to the plan: only the fields given change. */
export const faultPlanPatchSchema = faultPlanSchema.partial().strict();
export type FaultPlanPatch = z.infer<typeof faultPlanPatchSchema>;

export const NO_FAULTS: FaultPlan = {
  latencyMs: 0,
  jitterMs: 0,
  errorPercent: 0,
  down: false,
  payload: 'valid',
  xxeFile: '/etc/passwd',
};

/** The delay one request gets under `plan`. */
export function delayFor(plan: FaultPlan, random: () => number = Math.random): number {
  return plan.latencyMs + (plan.jitterMs > 0 ? Math.round(random() * plan.jitterMs) : 0);
}

/** Whether one operation call fails under `plan`. */
export function failsUnder(plan: FaultPlan, random: () => number = Math.random): boolean {
  return plan.errorPercent > 0 && random() * 100 < plan.errorPercent;
}

/**
 * The document as the plan's payload mode spoils it. `malformed` cuts it in half (a
 * connection cut mid-answer, or a broken proxy); `xxe` declares an external entity and
 * uses it where a vulnerable client would copy it into a value (a product name).
 */
export function spoilPayload(xml: string, plan: FaultPlan): string {
  switch (plan.payload) {
    case 'valid':
      return xml;
    case 'malformed':
      return xml.slice(0, Math.max(1, Math.floor(xml.length / 2)));
    case 'xxe': {
      const doctype = `<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "${pathToFileURL(plan.xxeFile).href}"> ]>`;
      const withDoctype = /^<\?xml[^>]*\?>/.test(xml)
        ? xml.replace(/^(<\?xml[^>]*\?>)/, `$1\n${doctype}`)
        : `${doctype}\n${xml}`;
      // The first value a client shows: a name, a status, the WSDL's documentation; else any text.
      for (const pattern of [/(<(?:\w+:)?(?:name|status|documentation)>)[^<]*(<\/)/, /(<[\w:]+>)[^<\s][^<]*(<\/)/]) {
        if (pattern.test(withDoctype)) return withDoctype.replace(pattern, '$1&xxe;$2');
      }
      return withDoctype;
    }
  }
}
