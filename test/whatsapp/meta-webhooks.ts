/**
 * Webhook payloads in the shapes Meta documents for the `messages` field
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 * and its pages per message type, status and error). Every builder takes unique ids so that
 * suites sharing a database never collide.
 */
import { randomBytes } from 'node:crypto';
import { signWebhookBody, toMetaJson } from '@mostrador/whatsapp';

export const WABA_ID = '102290129340398';
export const BUSINESS = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };

type Json = Record<string, unknown>;

/** A wamid shaped like Meta's (base64 after `wamid.`), unique per call. */
export function wamid(): string {
  return `wamid.${randomBytes(27).toString('base64')}`;
}

/** A unique Mexican mobile number (521 + 10 digits), as Meta writes `wa_id`. */
export function customerPhone(): string {
  return `521${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
}

export const now = (): string => String(Math.floor(Date.now() / 1000));

export interface Sender {
  phone?: string;
  userId?: string;
  name?: string;
  username?: string;
}

export function contactOf(sender: Sender): Json {
  return {
    profile: { name: sender.name ?? 'Sheena Nelson', ...(sender.username && { username: sender.username }) },
    ...(sender.phone !== undefined && { wa_id: sender.phone }),
    ...(sender.userId !== undefined && { user_id: sender.userId }),
  };
}

/** The common part of an incoming message: who, which, when. */
export function messageFrom(sender: Sender, type: string, body: Json, extra: Json = {}): Json {
  return {
    ...(sender.phone !== undefined && { from: sender.phone }),
    ...(sender.userId !== undefined && { from_user_id: sender.userId }),
    id: wamid(),
    timestamp: now(),
    type,
    ...body,
    ...extra,
  };
}

/** The envelope: one entry, one `messages` change with this value. */
export function webhook(value: Json, changes: Json[] = []): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          { value: { messaging_product: 'whatsapp', metadata: BUSINESS, ...value }, field: 'messages' },
          ...changes,
        ],
      },
    ],
  };
}

export function messagesWebhook(sender: Sender, messages: Json[], withContacts = true): Json {
  return webhook({ ...(withContacts && { contacts: [contactOf(sender)] }), messages });
}

const media = (mime: string, extra: Json = {}) => ({
  mime_type: mime,
  sha256: randomBytes(32).toString('hex'),
  id: String(1_000_000_000_000_000 + Math.floor(Math.random() * 1e15)),
  url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1750000000&hash=ATs',
  ...extra,
});

export interface MessageCase {
  /** What the case is, for the test title. */
  name: string;
  type: string;
  build(sender: Sender, earlierWamid: string): Json;
  /** The text the store should get. */
  text: string | null;
  /** Whether the message refers to `earlierWamid` (reply, reaction, edit, revoke). */
  refersToEarlier?: boolean;
  /** System messages come without a `contacts` array. */
  withoutContacts?: boolean;
}

/** Every message type Meta documents, with the text the assistant gets from it. */
export const MESSAGE_CASES: MessageCase[] = [
  {
    name: 'text',
    type: 'text',
    build: (s) => messageFrom(s, 'text', { text: { body: '¿Lo tienen en otro color?' } }),
    text: '¿Lo tienen en otro color?',
  },
  {
    name: 'text, forwarded',
    type: 'text',
    build: (s) => messageFrom(s, 'text', { text: { body: 'Mira esta oferta' }, context: { forwarded: true } }),
    text: 'Mira esta oferta',
  },
  {
    name: 'text, frequently forwarded',
    type: 'text',
    build: (s) =>
      messageFrom(s, 'text', { text: { body: 'Cadena: reenvía esto' }, context: { frequently_forwarded: true } }),
    text: 'Cadena: reenvía esto',
  },
  {
    name: 'text, a reply quoting an earlier message',
    type: 'text',
    build: (s, earlier) =>
      messageFrom(s, 'text', {
        text: { body: 'Sí, ese mismo' },
        context: { from: BUSINESS.display_phone_number, id: earlier },
      }),
    text: 'Sí, ese mismo',
    refersToEarlier: true,
  },
  {
    name: 'text from a click-to-WhatsApp ad (referral)',
    type: 'text',
    build: (s) =>
      messageFrom(s, 'text', {
        text: { body: 'Hola, vi su anuncio' },
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          body: 'Tenis para correr con 20% de descuento',
          headline: 'Rebajas de noviembre',
          media_type: 'image',
          image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/photo.jpg',
          ctwa_clid:
            'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMXP-CuGDMOLYCq0',
          welcome_message: { text: '¡Hola! ¿En qué te ayudamos?' },
        },
      }),
    text: 'Hola, vi su anuncio',
  },
  {
    name: 'image with caption',
    type: 'image',
    build: (s) => messageFrom(s, 'image', { image: media('image/jpeg', { caption: '¿Tienen este modelo?' }) }),
    text: '¿Tienen este modelo?',
  },
  {
    name: 'image without caption',
    type: 'image',
    build: (s) => messageFrom(s, 'image', { image: media('image/jpeg') }),
    text: null,
  },
  {
    name: 'voice note (audio)',
    type: 'audio',
    build: (s) => messageFrom(s, 'audio', { audio: media('audio/ogg; codecs=opus', { voice: true }) }),
    text: null,
  },
  {
    name: 'video with caption',
    type: 'video',
    build: (s) => messageFrom(s, 'video', { video: media('video/mp4', { caption: 'Así se ve el defecto' }) }),
    text: 'Así se ve el defecto',
  },
  {
    name: 'document',
    type: 'document',
    build: (s) => messageFrom(s, 'document', { document: media('application/pdf', { filename: 'factura-1234.pdf' }) }),
    text: 'factura-1234.pdf',
  },
  {
    name: 'sticker',
    type: 'sticker',
    build: (s) => messageFrom(s, 'sticker', { sticker: media('image/webp', { animated: false }) }),
    text: null,
  },
  {
    name: 'location',
    type: 'location',
    build: (s) =>
      messageFrom(s, 'location', {
        location: {
          address: 'Av. Paseo de la Reforma 222, Juárez, CDMX',
          latitude: 19.4284,
          longitude: -99.1628,
          name: 'Oficina',
          url: 'https://maps.google.com/?q=19.4284,-99.1628',
        },
      }),
    text: 'Oficina, Av. Paseo de la Reforma 222, Juárez, CDMX',
  },
  {
    name: 'contacts',
    type: 'contacts',
    build: (s) =>
      messageFrom(s, 'contacts', {
        contacts: [
          {
            addresses: [{ city: 'Ciudad de México', country: 'México', country_code: 'MX', type: 'HOME' }],
            emails: [{ email: 'ana@example.com', type: 'WORK' }],
            name: { formatted_name: 'Ana Pérez', first_name: 'Ana', last_name: 'Pérez' },
            phones: [{ phone: '+52 55 1234 5678', wa_id: '5215512345678', type: 'CELL' }],
          },
        ],
      }),
    text: 'Ana Pérez (+52 55 1234 5678)',
  },
  {
    name: 'interactive button_reply',
    type: 'interactive',
    build: (s, earlier) =>
      messageFrom(s, 'interactive', {
        context: { from: BUSINESS.display_phone_number, id: earlier },
        interactive: { type: 'button_reply', button_reply: { id: 'buy:TENIS-27', title: 'Comprar' } },
      }),
    text: 'Comprar',
    refersToEarlier: true,
  },
  {
    name: 'interactive list_reply',
    type: 'interactive',
    build: (s, earlier) =>
      messageFrom(s, 'interactive', {
        context: { from: BUSINESS.display_phone_number, id: earlier },
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'size:27', title: 'Talla 27', description: 'Quedan 3 pares' },
        },
      }),
    text: 'Talla 27',
    refersToEarlier: true,
  },
  {
    name: 'interactive nfm_reply (flow)',
    type: 'interactive',
    build: (s) =>
      messageFrom(s, 'interactive', {
        interactive: {
          type: 'nfm_reply',
          nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"f-1","talla":"27"}' },
        },
      }),
    text: '{"flow_token":"f-1","talla":"27"}',
  },
  {
    name: 'button (template quick reply)',
    type: 'button',
    build: (s, earlier) =>
      messageFrom(s, 'button', {
        context: { from: BUSINESS.display_phone_number, id: earlier },
        button: { payload: 'SI_ME_INTERESA', text: 'Sí, me interesa' },
      }),
    text: 'Sí, me interesa',
    refersToEarlier: true,
  },
  {
    name: 'reaction',
    type: 'reaction',
    build: (s, earlier) => messageFrom(s, 'reaction', { reaction: { message_id: earlier, emoji: '👍' } }),
    text: '👍',
    refersToEarlier: true,
  },
  {
    name: 'reaction removed (no emoji)',
    type: 'reaction',
    build: (s, earlier) => messageFrom(s, 'reaction', { reaction: { message_id: earlier } }),
    text: null,
    refersToEarlier: true,
  },
  {
    name: 'order',
    type: 'order',
    build: (s) =>
      messageFrom(s, 'order', {
        order: {
          catalog_id: '1537466987321234',
          text: 'Los quiero para mañana',
          product_items: [{ product_retailer_id: 'TENIS-27', quantity: 2, item_price: 1299.5, currency: 'MXN' }],
        },
      }),
    text: 'Los quiero para mañana\n2 x TENIS-27 @ 1299.5 MXN',
  },
  {
    name: 'system (number changed)',
    type: 'system',
    build: (s) =>
      messageFrom(s, 'system', {
        system: {
          body: 'User Sheena Nelson changed from their old number to 5215598765432',
          wa_id: '5215598765432',
          type: 'user_changed_number',
        },
      }),
    text: 'User Sheena Nelson changed from their old number to 5215598765432',
    withoutContacts: true,
  },
  {
    name: 'unsupported (with its errors)',
    type: 'unsupported',
    build: (s) =>
      messageFrom(s, 'unsupported', {
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
        unsupported: { type: 'poll' },
      }),
    text: null,
  },
  {
    name: 'edit',
    type: 'edit',
    build: (s, earlier) =>
      messageFrom(s, 'edit', {
        edit: { original_message_id: earlier, message: { type: 'text', text: { body: 'Perdón, talla 28' } } },
      }),
    text: 'Perdón, talla 28',
    refersToEarlier: true,
  },
  {
    name: 'revoke',
    type: 'revoke',
    build: (s, earlier) => messageFrom(s, 'revoke', { revoke: { original_message_id: earlier } }),
    text: null,
    refersToEarlier: true,
  },
  {
    name: 'request_welcome',
    type: 'request_welcome',
    build: (s) => messageFrom(s, 'request_welcome', {}),
    text: null,
  },
  {
    name: 'a type Meta adds later, with extra fields',
    type: 'poll_vote',
    build: (s) =>
      messageFrom(s, 'poll_vote', {
        poll_vote: { poll_id: 'p-1', options: ['rojo'], title: 'Color favorito' },
        brand_new_field: { nested: [1, 2, 3] },
      }),
    text: 'Color favorito',
  },
];

export function statusOf(id: string, status: string, timestamp: string, recipient: string, extra: Json = {}): Json {
  const base: Json = { id, status, timestamp, recipient_id: recipient, ...extra };
  if (status === 'sent' || status === 'delivered' || status === 'read') {
    base.pricing = { billable: true, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' };
  }
  if (status === 'sent') {
    base.conversation = {
      id: randomBytes(16).toString('hex'),
      expiration_timestamp: timestamp,
      origin: { type: 'service' },
    };
  }
  return base;
}

export const REENGAGEMENT_ERROR = {
  code: 131047,
  title: 'Re-engagement message',
  message: 'Re-engagement message',
  error_data: {
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
};

export function failedStatus(id: string, timestamp: string, recipient: string): Json {
  return { id, status: 'failed', timestamp, recipient_id: recipient, errors: [REENGAGEMENT_ERROR] };
}

export function statusesWebhook(statuses: Json[]): Json {
  return webhook({ statuses });
}

/** A body as Meta sends it (non-ASCII escaped) and its signature. */
export function signedBody(payload: unknown, appSecret: string): { body: string; signature: string } {
  const body = toMetaJson(payload);
  return { body, signature: signWebhookBody(body, appSecret) };
}
