import { appNamespace, nodeEnvVariable } from './namespaces/app.config.js';
import { cacheNamespace } from './namespaces/cache.config.js';
import { conversationNamespace } from './namespaces/conversation.config.js';
import { databaseNamespace } from './namespaces/database.config.js';
import { inventoryNamespace } from './namespaces/inventory.config.js';
import { llmNamespace } from './namespaces/llm.config.js';
import { logNamespace } from './namespaces/log.config.js';
import { monitoringNamespace } from './namespaces/monitoring.config.js';
import { breakerNamespace, rateLimitNamespace } from './namespaces/rate-limit.config.js';
import { sandboxNamespace } from './namespaces/sandbox.config.js';
import { whatsappNamespace } from './namespaces/whatsapp.config.js';

/**
 * Every setting of Mostrador, one namespace per lib. Adding a lib's settings means adding
 * its namespace here (and its variables to `.env.example`; a unit test checks they agree).
 */
export const namespaces = {
  app: appNamespace,
  log: logNamespace,
  database: databaseNamespace,
  inventory: inventoryNamespace,
  cache: cacheNamespace,
  rateLimit: rateLimitNamespace,
  breakers: breakerNamespace,
  whatsapp: whatsappNamespace,
  sandbox: sandboxNamespace,
  conversation: conversationNamespace,
  llm: llmNamespace,
  monitoring: monitoringNamespace,
};

export { nodeEnvVariable };

type Namespaces = typeof namespaces;

/** The typed settings object: `config.app.port`, `config.log.level`, … */
export type Settings = { [K in keyof Namespaces]: ReturnType<Namespaces[K]['build']> } & {
  nodeEnv: 'development' | 'test' | 'production';
  /** Secrets that fell back to their development values (never in production). */
  developmentDefaults: readonly string[];
};

/** Every variable the schema reads, with its description: the source of `.env.example`. */
export function describeVariables(): { name: string; description: string }[] {
  const all = [{ name: 'NODE_ENV', description: nodeEnvVariable.description ?? '' }];
  for (const namespace of Object.values(namespaces)) {
    for (const [name, schema] of Object.entries(namespace.variables.shape)) {
      all.push({ name, description: schema.description ?? '' });
    }
  }
  return all;
}
