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
  | { action: 'agent' };

const PREFIX = 'm1';

export function encodeAction(action: InteractiveAction): string {
  switch (action.action) {
    case 'details':
    case 'stock':
    case 'colors':
      return `${PREFIX}:${action.action}:${action.sku}`;
    case 'category':
      return `${PREFIX}:category:${action.name}`;
    case 'info':
      return `${PREFIX}:info:${action.topic}`;
    case 'categories':
    case 'agent':
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
      return arg ? { action, sku: arg } : null;
    case 'category':
      return arg ? { action, name: arg } : null;
    case 'info':
      return arg ? { action, topic: arg } : null;
    case 'categories':
    case 'agent':
      return { action };
    default:
      return null;
  }
}
