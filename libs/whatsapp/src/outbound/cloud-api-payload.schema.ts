import { z } from 'zod';

/**
 * Request bodies of `POST /<version>/<phone-number-id>/messages`, with the limits Meta
 * enforces. The client validates what it is about to send with these (a clear error before
 * any request), and the sandbox's Graph API stand-in validates what it receives with the
 * same ones, as Meta would.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages
 *
 * Lengths count UTF-16 code units (JavaScript's `length`): never fewer than Meta's count.
 */
export const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  headerText: 60,
  footerText: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  templateName: 512,
} as const;

/** A phone number in international format (digits, `+` allowed) or a business-scoped user id. */
export const recipientSchema = z
  .string()
  .trim()
  .regex(/^(\+?\d{5,20}|[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]{5,64})$/, 'must be a phone number or a business-scoped user id');

const text = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const base = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: recipientSchema,
  context: z.object({ message_id: z.string().min(1) }).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
};

export const textMessageSchema = z.object({
  ...base,
  type: z.literal('text'),
  text: z.object({ body: text(LIMITS.textBody), preview_url: z.boolean().optional() }),
});

const header = z.object({ type: z.literal('text'), text: text(LIMITS.headerText) }).optional();
const footer = z.object({ text: text(LIMITS.footerText) }).optional();
const body = z.object({ text: text(LIMITS.interactiveBody) });

function unique<T>(values: T[]): boolean {
  return new Set(values).size === values.length;
}

export const buttonsMessageSchema = z.object({
  ...base,
  type: z.literal('interactive'),
  interactive: z.object({
    type: z.literal('button'),
    header,
    body,
    footer,
    action: z.object({
      buttons: z
        .array(
          z.object({
            type: z.literal('reply'),
            reply: z.object({ id: text(LIMITS.buttonId), title: text(LIMITS.buttonTitle) }),
          }),
        )
        .min(1, 'must have at least 1 button')
        .max(LIMITS.buttons, `must have at most ${LIMITS.buttons} buttons`)
        .refine((buttons) => unique(buttons.map((b) => b.reply.id)), 'button ids must be unique')
        .refine((buttons) => unique(buttons.map((b) => b.reply.title)), 'button titles must be unique'),
    }),
  }),
});

export const listMessageSchema = z.object({
  ...base,
  type: z.literal('interactive'),
  interactive: z.object({
    type: z.literal('list'),
    header,
    body,
    footer,
    action: z
      .object({
        button: text(LIMITS.listButton),
        sections: z
          .array(
            z.object({
              title: text(LIMITS.sectionTitle).optional(),
              rows: z
                .array(
                  z.object({
                    id: text(LIMITS.rowId),
                    title: text(LIMITS.rowTitle),
                    description: z
                      .string()
                      .max(LIMITS.rowDescription, `must be at most ${LIMITS.rowDescription} characters`)
                      .optional(),
                  }),
                )
                .min(1, 'must have at least 1 row'),
            }),
          )
          .min(1, 'must have at least 1 section')
          .max(LIMITS.listSections, `must have at most ${LIMITS.listSections} sections`),
      })
      .superRefine((action, ctx) => {
        const rows = action.sections.flatMap((s) => s.rows);
        if (rows.length > LIMITS.listRows) {
          ctx.addIssue({
            code: 'custom',
            message: `must have at most ${LIMITS.listRows} rows in all`,
            path: ['sections'],
          });
        }
        if (!unique(rows.map((r) => r.id))) {
          ctx.addIssue({ code: 'custom', message: 'row ids must be unique', path: ['sections'] });
        }
        if (action.sections.length > 1 && action.sections.some((s) => s.title === undefined)) {
          ctx.addIssue({
            code: 'custom',
            message: 'every section needs a title when there are several',
            path: ['sections'],
          });
        }
      }),
  }),
});

export const templateMessageSchema = z.object({
  ...base,
  type: z.literal('template'),
  template: z.object({
    name: z
      .string()
      .regex(/^[a-z0-9_]+$/, 'must be lowercase letters, digits and _')
      .max(LIMITS.templateName),
    language: z.object({
      code: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a language code like es_MX'),
    }),
    components: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
  }),
});

/** Marks a received message read; with `typing_indicator`, shows "typing…" for up to 25 s. */
export const readReceiptSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().min(1),
  typing_indicator: z.object({ type: z.literal('text') }).optional(),
});

export type TextMessagePayload = z.infer<typeof textMessageSchema>;
export type ButtonsMessagePayload = z.infer<typeof buttonsMessageSchema>;
export type ListMessagePayload = z.infer<typeof listMessageSchema>;
export type TemplateMessagePayload = z.infer<typeof templateMessageSchema>;
export type ReadReceiptPayload = z.infer<typeof readReceiptSchema>;
export type OutboundMessagePayload =
  TextMessagePayload | ButtonsMessagePayload | ListMessagePayload | TemplateMessagePayload;

/** `200` of a send: the wamid Meta assigned. */
export const sendResponseSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  contacts: z.array(z.looseObject({ input: z.string().optional(), wa_id: z.string().optional() })).optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** Graph API error body: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes */
export const graphErrorResponseSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.looseObject({ messaging_product: z.string().optional(), details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorResponse = z.infer<typeof graphErrorResponseSchema>;
