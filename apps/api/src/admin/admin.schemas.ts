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
  }),
  conversations: z.array(conversationSummarySchema),
  memory: z
    .object({
      conversationId: z.uuid(),
      summary: z.string().nullable(),
      facts: z.record(z.string(), z.unknown()),
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
