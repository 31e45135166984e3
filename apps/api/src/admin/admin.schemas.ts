import { z } from 'zod';

/** Inputs of the admin API, and the shapes it answers with (for Swagger). */

export const conversationStatusSchema = z.enum(['active', 'handoff', 'closed']);

/** What `nextCursor` decodes to: microseconds since the epoch and a row id (base64url). */
function isPageCursor(cursor: string): boolean {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return false;
  const plain = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^-?\d{1,20}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(plain);
}

export const pageQuerySchema = z.object({
  cursor: z
    .string()
    .refine(isPageCursor, 'not a cursor this API gave: pass back the nextCursor of the previous page')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const listConversationsQuerySchema = pageQuerySchema.extend({
  status: conversationStatusSchema.optional(),
  attention: z
    .enum(['true', 'false'])
    .transform((flag) => flag === 'true')
    .optional()
    .meta({
      description: 'true: only conversations where an order request waits for the shop; false: only the others',
    }),
});

export const idParamsSchema = z.object({ id: z.uuid() });

export const customerQuerySchema = z
  .object({
    phone: z
      .string()
      .regex(/^\+?\d{6,20}$/, 'must be digits, optionally led by +')
      .optional()
      .meta({ example: '5215512345678' }),
    userId: z.string().min(1).max(128).optional(),
  })
  .refine((q) => (q.phone === undefined) !== (q.userId === undefined), 'give exactly one of phone or userId');

export const manualMessageSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .meta({ example: 'Hola Ana, soy Carla de la tienda Polanco: sí te apartamos los tenis talla 27.' }),
});

const errorShape = z.object({ code: z.number(), title: z.string(), details: z.string().nullable() }).nullable();

export const conversationSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  phoneNumberId: z.string(),
  status: conversationStatusSchema,
  startedAt: z.iso.datetime(),
  lastMessageAt: z.iso.datetime(),
  lastInboundAt: z.iso.datetime().nullable(),
  messageCount: z.number().int(),
});

export const conversationSummarySchema = conversationSchema.extend({
  customer: z.object({
    id: z.uuid(),
    phoneNumber: z.string().nullable(),
    userId: z.string().nullable(),
    displayName: z.string().nullable(),
    optedOut: z.boolean(),
  }),
  lastIntent: z.string().nullable().meta({ example: 'availability' }),
  needsAttention: z.boolean().meta({ description: 'an order request of this conversation waits for the shop' }),
});

export const messageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(['inbound', 'outbound']),
  waMessageId: z.string().nullable(),
  type: z.string().meta({ example: 'text' }),
  text: z.string().nullable(),
  payload: z.unknown(),
  status: z.string().meta({ example: 'answered' }),
  error: errorShape,
  replyToWaMessageId: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  statusAt: z.iso.datetime().nullable(),
  answeredAt: z.iso.datetime().nullable(),
});

export const customerSchema = z.object({
  customer: z.object({
    id: z.uuid(),
    phoneNumber: z.string().nullable(),
    userId: z.string().nullable(),
    displayName: z.string().nullable(),
    language: z.string().nullable(),
    facts: z.record(z.string(), z.unknown()),
    preferences: z.record(z.string(), z.unknown()),
    optedOut: z.boolean(),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    messageCount: z.number().int(),
    erasureRequestedAt: z.iso.datetime().nullable().meta({
      description:
        'when the customer asked to delete their number and data (they are opted out); nothing is erased until the shop calls DELETE /admin/customers/{id}',
    }),
  }),
  conversations: z.array(conversationSummarySchema),
  memory: z
    .object({
      conversationId: z.uuid(),
      summary: z.string().nullable(),
      facts: z.record(z.string(), z.unknown()).meta({
        description:
          'about this conversation: handoff_reason (delivery, refund, billing, damaged, wrong_item, frustration, requested…) and handoff_at when it went to a person',
      }),
      lastIntent: z.string().nullable(),
      context: z.record(z.string(), z.unknown()),
      tokenEstimate: z.number(),
    })
    .nullable(),
});

export const erasureSchema = z.object({
  customers: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
  memories: z.number().int(),
});

export const manualMessageResultSchema = z.object({
  messageId: z.uuid(),
  waMessageId: z.string().nullable().meta({ description: 'null while queued' }),
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'played']).meta({
    description: 'queued: WhatsApp could not take it yet (202); it is tried again for SEND_RETRY_WINDOW_MINUTES',
  }),
  error: errorShape.meta({ description: 'why it is still queued' }),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const orderStatusSchema = z.enum(['requested', 'confirmed', 'cancelled', 'fulfilled']);

export const listOrdersQuerySchema = pageQuerySchema.extend({
  status: orderStatusSchema.optional(),
  customerId: z.uuid().optional(),
});

export const setOrderStatusSchema = z.object({
  status: z.enum(['confirmed', 'cancelled', 'fulfilled']).meta({
    description: 'requested → confirmed | cancelled; confirmed → fulfilled | cancelled (409 otherwise)',
  }),
  note: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .meta({ description: 'for the shop only; never sent to the customer', example: 'Apartado en caja 2' }),
});

const money = z.string().meta({ example: '1299.00' });

export const orderSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  conversationId: z.uuid(),
  status: orderStatusSchema,
  items: z.array(
    z.object({
      sku: z.string().meta({ example: 'TEN-0001-NEG' }),
      name: z.string(),
      color: z.string().nullable(),
      size: z.string().nullable(),
      quantity: z.number().int(),
      unitPrice: money.meta({ description: 'the unit price quoted to the customer' }),
      currency: z.string().meta({ example: 'MXN' }),
    }),
  ),
  fulfilment: z.union([
    z.object({ kind: z.literal('pickup'), storeId: z.string(), storeName: z.string() }),
    z.object({ kind: z.literal('delivery'), address: z.string().nullable() }),
  ]),
  subtotal: money,
  shipping: money,
  total: money,
  currency: z.string(),
  reservation: z
    .object({ id: z.string(), expiresAt: z.iso.datetime() })
    .nullable()
    .meta({ description: "the inventory's hold on the stock; null: recorded unreserved" }),
  note: z.string().nullable(),
  statusHistory: z.array(z.object({ status: orderStatusSchema, at: z.iso.datetime(), note: z.string().nullable() })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  customer: z.object({
    id: z.uuid(),
    phoneNumber: z.string().nullable(),
    userId: z.string().nullable(),
    displayName: z.string().nullable(),
    language: z.string().nullable(),
  }),
});

export const orderStatusResultSchema = z.object({
  changed: z.boolean().meta({ description: 'false: the order already had this status (a repeated request)' }),
  order: orderSchema,
  notification: z.object({
    status: z.enum(['sent', 'queued', 'failed', 'not-sent']).meta({
      description:
        'sent: WhatsApp took it; queued: tried again for SEND_RETRY_WINDOW_MINUTES; failed: WhatsApp refused it; not-sent: the customer could not be told (see reason)',
    }),
    via: z.enum(['text', 'template']).nullable(),
    reason: z.enum(['outside-window', 'opted-out']).nullable().meta({
      description:
        'outside-window: the 24-hour window is closed and no WHATSAPP_ORDER_UPDATE_TEMPLATE is set; opted-out: the customer asked for no messages',
    }),
    messageId: z.uuid().nullable(),
    waMessageId: z.string().nullable(),
    error: errorShape,
  }),
  reservationRelease: z
    .enum(['released', 'not-held', 'unsupported', 'unavailable'])
    .nullable()
    .meta({ description: 'a cancelled order with a reservation: what became of the hold; null otherwise' }),
});

export const invalidateInventoryQuerySchema = z.object({
  sku: z.string().trim().min(1).max(64).optional().describe('Only what is cached about this SKU (absent: everything)'),
});

const levelStatsSchema = z.object({
  hits: z.number().int(),
  misses: z.number().int(),
  hitRate: z.number().describe('hits / (hits + misses), 0 to 1'),
});

export const cacheStatsSchema = z.object({
  enabled: z.boolean(),
  overall: levelStatsSchema.extend({
    requests: z.number().int().describe('Reads asked of the cache since start'),
    loads: z.number().int().describe('Reads the cache could not answer: the source was asked'),
  }),
  memory: levelStatsSchema.extend({
    items: z.number().int(),
    bytes: z.number().int().describe('Serialised size of what is held'),
    limitBytes: z.number().int().describe('CACHE_MEMORY_MAX_MB'),
  }),
  redis: levelStatsSchema.extend({
    configured: z.boolean().describe('REDIS_URL is set'),
    connected: z.boolean(),
    errors: z.number().int().describe('Failed commands and connection errors since start'),
    items: z.number().int().optional().describe("The Redis server's keys (every app's)"),
    bytes: z.number().int().optional().describe("The Redis server's used_memory"),
    limitBytes: z.number().int().optional().describe("The Redis server's maxmemory, when set"),
  }),
});

export const inventoryInvalidationSchema = z.object({
  sku: z.string().optional(),
  dropped: z.object({
    memory: z.number().int().describe("Entries dropped from this instance's memory (the others drop theirs too)"),
    redis: z.number().int().describe('Entries dropped from Redis'),
  }),
});
