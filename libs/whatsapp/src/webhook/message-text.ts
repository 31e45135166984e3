/**
 * What a person would read in a received message, per Meta's message types
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages):
 * the assistant reads this text, and the message's `type` and payload for the rest (a
 * button's id, an order's items, a location's coordinates).
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const num = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : str(value);

function objectAt(message: Json, key: string): Json {
  const value = message[key];
  return isObject(value) ? value : {};
}

function join(parts: (string | undefined)[], separator: string): string | null {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length > 0 ? present.join(separator) : null;
}

function interactiveText(interactive: Json): string | null {
  const type = str(interactive.type);
  const reply = type !== undefined ? objectAt(interactive, type) : {};
  switch (type) {
    case 'button_reply':
    case 'list_reply':
      return str(reply.title) ?? str(reply.id) ?? null;
    case 'nfm_reply': {
      // A flow's body is always "Sent": what the customer filled in is in response_json.
      const body = str(reply.body);
      return body !== undefined && body !== 'Sent' ? body : (str(reply.response_json) ?? body ?? null);
    }
    case 'call_permission_reply':
      return str(reply.response) ?? null;
    default:
      return str(reply.title) ?? str(reply.body) ?? null;
  }
}

function orderText(order: Json): string | null {
  const items = Array.isArray(order.product_items) ? order.product_items.filter(isObject) : [];
  const lines = items.map((item) => {
    const price = num(item.item_price);
    const currency = str(item.currency);
    return `${num(item.quantity) ?? '1'} x ${str(item.product_retailer_id) ?? '?'}${price !== undefined ? ` @ ${price}${currency !== undefined ? ` ${currency}` : ''}` : ''}`;
  });
  return join([str(order.text), lines.length > 0 ? lines.join('\n') : undefined], '\n');
}

function contactsText(contacts: unknown): string | null {
  if (!Array.isArray(contacts)) return null;
  const cards = contacts.filter(isObject).map((card) => {
    const name = str(objectAt(card, 'name').formatted_name);
    const phones = Array.isArray(card.phones)
      ? card.phones
          .filter(isObject)
          .map((p) => str(p.phone) ?? str(p.wa_id))
          .filter((p): p is string => p !== undefined)
      : [];
    return join([name, phones.length > 0 ? `(${phones.join(', ')})` : undefined], ' ');
  });
  return join(
    cards.map((c) => c ?? undefined),
    '\n',
  );
}

/** The readable text of one received message object, or null when it has none (a sticker). */
export function messageText(message: Json): string | null {
  const type = str(message.type);
  if (type === undefined) return null;
  const body = objectAt(message, type);
  switch (type) {
    case 'text':
      return str(body.body) ?? null;
    case 'image':
    case 'video':
      return str(body.caption) ?? null;
    case 'document':
      return str(body.caption) ?? str(body.filename) ?? null;
    case 'audio':
    case 'sticker':
    case 'unsupported':
    case 'revoke':
    case 'request_welcome':
      return null;
    case 'location':
      return join([str(body.name), str(body.address)], ', ') ?? join([num(body.latitude), num(body.longitude)], ', ');
    case 'contacts':
      return contactsText(message.contacts);
    case 'interactive':
      return interactiveText(body);
    case 'button':
      return str(body.text) ?? str(body.payload) ?? null;
    case 'reaction':
      // No emoji: the customer removed their reaction.
      return str(body.emoji) ?? null;
    case 'order':
      return orderText(body);
    case 'system':
      return str(body.body) ?? null;
    case 'edit':
      return isObject(body.message) ? messageText(body.message) : null;
    default:
      // A type Meta added after this was written: its usual text fields, if it has them.
      return str(body.body) ?? str(body.text) ?? str(body.caption) ?? str(body.title) ?? null;
  }
}

/**
 * The earlier message this one refers to: the one it quotes (`context.id`), the one it
 * reacts to, or the one it edits or revokes.
 */
export function referencedMessageId(message: Json): string | null {
  const context = objectAt(message, 'context');
  return (
    str(context.id) ??
    str(objectAt(message, 'reaction').message_id) ??
    str(objectAt(message, 'edit').original_message_id) ??
    str(objectAt(message, 'revoke').original_message_id) ??
    null
  );
}
