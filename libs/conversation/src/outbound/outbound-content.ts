import { splitMessageText } from '@mostrador/whatsapp';
import { z } from 'zod';

/**
 * What one outbound message says, as the outbox keeps it until it has gone out (the row's
 * payload). Meta's limits are checked by the WhatsApp client just before the send.
 */
export const outboundContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({
    kind: z.literal('buttons'),
    body: z.string(),
    buttons: z.array(z.object({ id: z.string(), title: z.string() })),
  }),
  z.object({
    kind: z.literal('list'),
    body: z.string(),
    button: z.string(),
    rows: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().optional() })),
  }),
  /** An approved template: the only message that may go outside the 24-hour window. */
  z.object({
    kind: z.literal('template'),
    name: z.string(),
    language: z.string(),
    components: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
]);

export type OutboundContent = z.infer<typeof outboundContentSchema>;

/** The Cloud API message type a content goes out as. */
export function messageTypeOf(content: OutboundContent): 'text' | 'interactive' | 'template' {
  return content.kind === 'text' || content.kind === 'template' ? content.kind : 'interactive';
}

/** What the customer reads (kept as the message's text). */
export function readableText(content: OutboundContent): string {
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'buttons':
    case 'list':
      return content.body;
    case 'template':
      return content.name;
  }
}

/**
 * Text over WhatsApp's 4,096 characters becomes several messages, each recorded on its
 * own (its own idempotency key, its own status), in order.
 */
export function splitLongText(content: OutboundContent): OutboundContent[] {
  if (content.kind !== 'text') return [content];
  const parts = splitMessageText(content.text);
  return parts.length <= 1 ? [content] : parts.map((text) => ({ kind: 'text', text }));
}
