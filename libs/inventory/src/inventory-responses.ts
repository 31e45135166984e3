import { z } from 'zod';
import type { Category, InventoryStatus, Product, StockCheck, StockReservation } from './inventory.types.js';

/**
 * The answers as strong-soap hands them over, checked and turned into plain domain objects.
 * strong-soap gives a repeated element as an array only when the WSDL says so, an absent
 * one as undefined, and numbers as numbers only when it found the type: each field here
 * takes every form it may arrive in.
 */
const text = z.string();
const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined || value === '' ? undefined : value));
const count = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+$/)
    .transform((value) => Number(value)),
]);
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
/**
 * An exact amount with two decimals. A decimal string is kept as written; a number (a WSDL
 * that types prices as xsd:decimal makes strong-soap parse them into floats) is turned back
 * with toFixed(2), which gives back the written amount for any price in cents below 2^53.
 */
const amount = z.union([
  z
    .string()
    .trim()
    .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a decimal amount')
    .transform((value) => {
      const [units, cents = ''] = value.split('.');
      return `${units}.${cents.padEnd(2, '0')}`;
    }),
  z
    .number()
    .finite()
    .min(0)
    .transform((value) => value.toFixed(2)),
]);
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item, z.null(), z.literal('')])
    .optional()
    .transform((value): z.output<T>[] =>
      value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value],
    );

const productSchema = z
  .object({
    sku: text,
    model: text,
    name: text,
    description: optionalText,
    category: text,
    brand: optionalText,
    gender: optionalText,
    color: text,
    price: amount,
    currency: text,
    // An xsd:list: one element, the sizes separated by spaces (a number when there is one numeric size).
    sizes: z
      .union([z.string(), z.number().transform(String), z.array(z.union([z.string(), z.number()]))])
      .optional()
      .transform((value) =>
        value === undefined ? [] : Array.isArray(value) ? value.map(String) : value.split(/\s+/).filter(Boolean),
      ),
    unitsInStock: count,
    otherColor: listOf(z.object({ sku: text, color: text })),
  })
  .transform((p): Product => ({
    sku: p.sku,
    model: p.model,
    name: p.name,
    description: p.description ?? '',
    category: p.category,
    brand: p.brand ?? '',
    gender: p.gender ?? '',
    color: p.color,
    price: { amount: p.price, currency: p.currency },
    sizes: p.sizes,
    unitsInStock: p.unitsInStock,
    otherColors: p.otherColor,
  }));

export const searchProductsResponse = z
  .union([z.object({ product: listOf(productSchema) }), z.undefined(), z.null(), z.literal('')])
  .transform((value): Product[] => (value && typeof value === 'object' ? value.product : []));

export const getProductResponse = z.object({ product: productSchema }).transform((value) => value.product);

const storeStock = z.object({
  storeId: text,
  storeName: text,
  city: optionalText,
  units: count,
  available: bool,
  sizeStock: listOf(z.object({ size: z.union([z.string(), z.number().transform(String)]), units: count })),
});

export const checkStockResponse = z
  .object({
    sku: text,
    name: text,
    color: text,
    size: optionalText,
    quantity: count,
    available: bool,
    units: count,
    store: listOf(storeStock),
  })
  .transform((value): StockCheck => ({
    sku: value.sku,
    name: value.name,
    color: value.color,
    ...(value.size === undefined ? {} : { size: value.size }),
    quantity: value.quantity,
    available: value.available,
    units: value.units,
    stores: value.store.map((s) => ({
      storeId: s.storeId,
      storeName: s.storeName,
      city: s.city ?? '',
      units: s.units,
      available: s.available,
      sizes: s.sizeStock,
    })),
  }));

export const listCategoriesResponse = z
  .union([
    z.object({
      category: listOf(z.object({ name: text, description: optionalText, productCount: count })),
    }),
    z.undefined(),
    z.null(),
    z.literal(''),
  ])
  .transform((value): Category[] =>
    value && typeof value === 'object'
      ? value.category.map((c) => ({ name: c.name, description: c.description ?? '', productCount: c.productCount }))
      : [],
  );

/** An xsd:dateTime: strong-soap hands it over as text (or as a Date, depending on its version). */
const dateTime = z.union([z.date(), z.string()]).transform((value, ctx) => {
  const parsed = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'must be a date and time' });
    return z.NEVER;
  }
  return parsed;
});

export const reserveStockResponse = z
  .object({
    reservationId: text.min(1),
    sku: text,
    size: z.union([z.string(), z.number().transform(String)]),
    store: text,
    quantity: count,
    expiresAt: dateTime,
  })
  .transform((value): StockReservation => ({
    reservationId: value.reservationId,
    sku: value.sku,
    size: value.size,
    storeId: value.store,
    quantity: value.quantity,
    expiresAt: value.expiresAt,
  }));

export const releaseReservationResponse = z.object({ released: bool }).transform((value): boolean => value.released);

export const pingResponse = z
  .object({ status: text, version: optionalText, products: count.optional(), timestamp: optionalText })
  .transform((value): Omit<InventoryStatus, 'latencyMs'> => ({
    status: value.status,
    version: value.version ?? '',
    products: value.products ?? 0,
    timestamp: value.timestamp ?? '',
  }));
