import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The demo shop's catalogue (`catalogue.json`, made by `apps/sandbox/scripts/generate-catalogue.ts`):
 * a clothing and shoe shop with stores in three Mexican cities. One product is one model in
 * one colour, with one SKU (`TEN-0001-NEG`), a price, its sizes and its stock per store
 * and size. Siblings in other colours share the model code (`TEN-0001`).
 */
const money = z.string().regex(/^\d{1,9}\.\d{2}$/, 'must be a decimal string with two decimals, e.g. "1299.00"');

export const GENDERS = ['Hombre', 'Mujer', 'Unisex', 'Niño', 'Niña'] as const;
export type Gender = (typeof GENDERS)[number];

const storeSchema = z.object({
  id: z.string().regex(/^[A-Z]{3}$/),
  name: z.string().min(1),
  city: z.string().min(1),
});

const categorySchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  /** Extra words (synonyms, English) the search finds this category's products by. */
  keywords: z.array(z.string()),
});

const productSchema = z.object({
  sku: z.string().regex(/^[A-Z]{3}-\d{4}-[A-Z]{3}$/),
  model: z.string().regex(/^[A-Z]{3}-\d{4}$/),
  name: z.string().min(1),
  description: z.string().min(1),
  category: z.string().min(1),
  brand: z.string().min(1),
  gender: z.enum(GENDERS),
  color: z.string().min(1),
  price: money,
  sizes: z.array(z.string().min(1)).min(1),
  /** Units per store id, one number per size, in the order of `sizes`. */
  stock: z.record(z.string(), z.array(z.number().int().min(0))),
});

export const catalogueFileSchema = z
  .object({
    currency: z.literal('MXN'),
    stores: z.array(storeSchema).min(1),
    categories: z.array(categorySchema).min(1),
    products: z.array(productSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const storeIds = new Set(file.stores.map((s) => s.id));
    const categories = new Set(file.categories.map((c) => c.name));
    const skus = new Set<string>();
    file.products.forEach((product, index) => {
      const at = (message: string) => ctx.addIssue({ code: 'custom', path: ['products', index], message });
      if (skus.has(product.sku)) at(`duplicate SKU ${product.sku}`);
      skus.add(product.sku);
      if (!product.sku.startsWith(`${product.model}-`)) at(`SKU ${product.sku} is not of model ${product.model}`);
      if (!categories.has(product.category)) at(`unknown category ${product.category}`);
      for (const id of storeIds) {
        const units = product.stock[id];
        if (units?.length !== product.sizes.length)
          at(`stock of ${product.sku} in ${id} must have one number per size`);
      }
      for (const id of Object.keys(product.stock)) if (!storeIds.has(id)) at(`unknown store ${id}`);
    });
  });

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
export type Store = CatalogueFile['stores'][number];
export type CategoryEntry = CatalogueFile['categories'][number];
export type CatalogueProduct = CatalogueFile['products'][number];

/** The demo shop's catalogue, bundled beside the sandbox (rspack copies the file). */
export const CATALOGUE_URL = new URL('./catalogue.json', import.meta.url);

/** Reads and checks a catalogue file; a bad file stops the sandbox with what is wrong. */
export function readCatalogueFile(location: URL | string = CATALOGUE_URL): CatalogueFile {
  const result = catalogueFileSchema.safeParse(JSON.parse(readFileSync(location, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid inventory catalogue ${String(location)}: ${problems}`);
  }
  return result.data;
}
