import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields that follow the work they belong to into every log line it writes. */
export interface LogFields {
  requestId?: string;
  conversationId?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Carries the request id (and, inside a turn, the conversation id) across awaits with
 * AsyncLocalStorage, so no call has to pass them down by hand.
 */
export const LogContext = {
  /** Runs `fn` with `fields` added to the fields already in effect. */
  run<T>(fields: LogFields, fn: () => T): T {
    return storage.run({ ...storage.getStore(), ...fields }, fn);
  },
  current(): LogFields {
    return storage.getStore() ?? {};
  },
};
