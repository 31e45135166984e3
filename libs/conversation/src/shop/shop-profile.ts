import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const localized = z.object({ es: z.string().min(1), en: z.string().min(1) });

export const shopProfileSchema = z.object({
  name: z.string().min(1),
  description: localized,
  hours: localized,
  stores: z
    .array(
      z.object({
        /** The inventory's store id, so stock figures and addresses line up. */
        id: z.string().min(1),
        name: z.string().min(1),
        city: z.string().min(1),
        address: z.string().min(1),
        phone: z.string().min(1).optional(),
        hours: localized.optional(),
      }),
    )
    .min(1),
  payment: localized,
  shipping: localized,
  returns: localized,
  /** What order requests and quotes state besides the inventory's prices: shipping, instalments. */
  orders: z
    .object({
      /** Decimal string in the catalogue's currency ("149.00"). */
      shippingCost: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be an amount like 149.00'),
      /** From this subtotal on, delivery is free. */
      freeShippingFrom: z
        .string()
        .regex(/^\d+(\.\d{1,2})?$/, 'must be an amount like 1499.00')
        .optional(),
      /** From this total on, interest-free monthly instalments (meses sin intereses) with participating cards. */
      installmentsFrom: z
        .string()
        .regex(/^\d+(\.\d{1,2})?$/, 'must be an amount like 2000.00')
        .optional(),
    })
    .optional(),
  /** How the assistant should sound (the LLM's prompt). */
  tone: localized.optional(),
  /** IANA time zone of the shop: the date and time the assistant goes by. */
  timezone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as America/Mexico_City')
    .default('America/Mexico_City'),
});

/**
 * What the assistant says about the shop itself. It comes from a file the shop edits
 * (`SHOP_PROFILE_PATH`), never from the assistant's imagination.
 */
export type ShopProfile = z.infer<typeof shopProfileSchema>;
export type ShopStore = ShopProfile['stores'][number];

/** Reads and checks the profile; a bad file stops the start with what is wrong and where. */
export function loadShopProfile(path: string): ShopProfile {
  const absolute = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the shop profile ${absolute} (SHOP_PROFILE_PATH): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const result = shopProfileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid shop profile ${absolute} (SHOP_PROFILE_PATH): ${problems}`);
  }
  return result.data;
}
