import { z } from 'zod';

/**
 * The WhatsApp Cloud API `messages` webhook, as Meta documents it:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 *
 * Only what identifies an event is required (ids, timestamps, who wrote). Everything else is
 * optional and every object is loose: Meta adds fields and message types over time, and a
 * message we do not understand must still be stored as it came, never refused.
 */

/** The last second of year 9999: past it, the database cannot store the date (and Meta never sends it). */
const LAST_SECOND = 253_402_300_799;

/**
 * Meta's Unix timestamps are strings of seconds (milliseconds are read as such, see `toDate`).
 * One the database cannot store is refused here, not after the 200 that would stop Meta's retries.
 */
const unixTimestamp = z
  .union([z.string().regex(/^\d{1,13}$/, 'must be a Unix timestamp'), z.number().int().min(0)])
  .refine((value) => {
    const n = Number(value);
    return n <= LAST_SECOND || (n > 1e12 && n <= LAST_SECOND * 1000);
  }, 'must be a Unix timestamp before the year 10000');

const id = z.string().min(1).max(1024);

/** An error as Meta reports it in webhooks (`value.errors`, `messages[].errors`, `statuses[].errors`). */
export const metaErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});
export type MetaError = z.infer<typeof metaErrorSchema>;

/**
 * Who wrote. `wa_id` is the phone number; `user_id` is the business-scoped user id (BSUID),
 * the only identifier of a user who adopted a username and hides their number.
 */
export const webhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WebhookContact = z.infer<typeof webhookContactSchema>;

export const webhookMessageSchema = z
  .looseObject({
    id,
    timestamp: unixTimestamp,
    type: z.string().min(1).max(64),
    /** The user's phone number; omitted when the user has a username and hides it. */
    from: z.string().min(1).optional(),
    /** The user's BSUID. */
    from_user_id: z.string().min(1).optional(),
    context: z
      .looseObject({
        id: z.string().optional(),
        from: z.string().optional(),
        forwarded: z.boolean().optional(),
        frequently_forwarded: z.boolean().optional(),
      })
      .optional(),
    errors: z.array(metaErrorSchema).optional(),
  })
  .refine((message) => message.from !== undefined || message.from_user_id !== undefined, {
    message: 'must have from or from_user_id',
    path: ['from'],
  });
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookStatusSchema = z.looseObject({
  id,
  /** sent, delivered, read, played, failed — or one Meta adds later. */
  status: z.string().min(1).max(64),
  timestamp: unixTimestamp,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  /** What the business put in `biz_opaque_callback_data` when it sent the message. */
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z.array(metaErrorSchema).optional(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

/** `value` of a change whose `field` is `messages`. */
export const messagesValueSchema = z
  .looseObject({
    messaging_product: z.string().optional(),
    metadata: z
      .looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() })
      .optional(),
    contacts: z.array(webhookContactSchema).optional(),
    messages: z.array(webhookMessageSchema).optional(),
    statuses: z.array(webhookStatusSchema).optional(),
    errors: z.array(metaErrorSchema).optional(),
  })
  .refine((value) => value.metadata !== undefined || (value.messages ?? []).length === 0, {
    message: 'is required with messages',
    path: ['metadata'],
  });
export type MessagesValue = z.infer<typeof messagesValueSchema>;

/**
 * A change. Only `messages` changes are read (and their value parsed here, once); other
 * fields (template or account updates a subscription may bring) pass untouched, whatever
 * their value.
 */
const changeSchema = z
  .looseObject({ field: z.string().min(1), value: z.unknown() })
  .transform((change, ctx): { field: 'messages'; value: MessagesValue } | { field: string; value: unknown } => {
    if (change.field !== 'messages') return change;
    const parsed = messagesValueSchema.safeParse(change.value);
    if (parsed.success) return { ...change, field: 'messages', value: parsed.data };
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['value', ...issue.path] });
    }
    return z.NEVER;
  });

export const webhookPayloadSchema = z.looseObject({
  object: z.string().min(1),
  entry: z.array(z.looseObject({ id: z.string().optional(), changes: z.array(changeSchema) })),
});
/** A validated webhook body (`messages` changes' values parsed). */
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;
