/**
 * Ids of the reply buttons and list rows the assistant sends. A tap comes back as a
 * `button_reply` / `list_reply` carrying the id, which says exactly what to do next —
 * no need to guess from the title the customer saw.
 */
export type InteractiveAction =
  | { action: 'details'; sku: string }
  | { action: 'stock'; sku: string }
  | { action: 'colors'; sku: string }
  | { action: 'category'; name: string }
  | { action: 'info'; topic: string }
  | { action: 'categories' }
  | { action: 'agent' }
  // An order request being settled: buy this product, this size, pick up here (or deliver), yes, no.
  | { action: 'buy'; sku: string }
  | { action: 'osize'; size: string }
  | { action: 'ostore'; store: string }
  | { action: 'oconfirm' }
  | { action: 'ocancel' };

const PREFIX = 'm1';

export function encodeAction(action: InteractiveAction): string {
  switch (action.action) {
    case 'details':
    case 'stock':
    case 'colors':
    case 'buy':
      return `${PREFIX}:${action.action}:${action.sku}`;
    case 'osize':
      return `${PREFIX}:osize:${action.size}`;
    case 'ostore':
      return `${PREFIX}:ostore:${action.store}`;
    case 'category':
      return `${PREFIX}:category:${action.name}`;
    case 'info':
      return `${PREFIX}:info:${action.topic}`;
    case 'categories':
    case 'agent':
    case 'oconfirm':
    case 'ocancel':
      return `${PREFIX}:${action.action}`;
  }
}

/** The action of an id we sent; null for anything else (an old or foreign id). */
export function decodeAction(id: string): InteractiveAction | null {
  const [prefix, action, ...rest] = id.split(':');
  if (prefix !== PREFIX || action === undefined) return null;
  const arg = rest.join(':');
  switch (action) {
    case 'details':
    case 'stock':
    case 'colors':
    case 'buy':
      return arg ? { action, sku: arg } : null;
    case 'osize':
      return arg ? { action, size: arg } : null;
    case 'ostore':
      return arg ? { action, store: arg } : null;
    case 'category':
      return arg ? { action, name: arg } : null;
    case 'info':
      return arg ? { action, topic: arg } : null;
    case 'categories':
    case 'agent':
    case 'oconfirm':
    case 'ocancel':
      return { action };
    default:
      return null;
  }
}
