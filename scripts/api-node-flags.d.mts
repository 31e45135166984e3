/** The Node flags the api runs with, wherever it is started (scripts/api-node-flags.mjs says why). */
export const API_NODE_FLAGS: readonly string[];
